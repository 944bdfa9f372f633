import { Agent } from 'node:http';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { PEER_SETTINGS, type PeerSettings } from './peer-settings.js';

/**
 * One keep-alive axios client per dependency, as a hand-written app would make them: its own
 * pool each, Node's defaults otherwise (no socket cap). Non-2xx answers reject with the axios
 * error; the services read its status.
 */
@Injectable()
export class UpstreamClients implements OnApplicationShutdown {
  private readonly agents: Agent[] = [];
  readonly catalog: AxiosInstance;
  readonly inventory: AxiosInstance;
  readonly payments: AxiosInstance;

  constructor(@Inject(PEER_SETTINGS) settings: PeerSettings) {
    this.catalog = this.client(settings.catalogUrl);
    this.inventory = this.client(settings.inventoryUrl);
    this.payments = this.client(settings.paymentsUrl);
  }

  onApplicationShutdown(): void {
    for (const agent of this.agents) agent.destroy();
  }

  private client(baseURL: string): AxiosInstance {
    const agent = new Agent({ keepAlive: true });
    this.agents.push(agent);
    return axios.create({ baseURL, httpAgent: agent, proxy: false, maxRedirects: 0 });
  }
}
