import { Agent } from 'node:http';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { createDependencyHttp } from '../../../apps/api/src/http/dependency-http.client.js';
import type { DependencyPool } from '../../../apps/api/src/http/dependency.pool.js';
import { PEER_SETTINGS, type PeerSettings } from './peer-settings.js';

// undici needs a number; no peer's load comes near it, as Node's agent has no cap at all.
const UNCAPPED_CONNECTIONS = 1_024;

/**
 * One keep-alive axios client per dependency, as a hand-written app would make them: its own
 * pool each, Node's defaults otherwise (no socket cap). Non-2xx answers reject with the axios
 * error; the services read its status. With `clients: 'undici'` (`--peer-clients undici`) each
 * is Carta's own axios-on-undici client instead, to compare on the same transport.
 */
@Injectable()
export class UpstreamClients implements OnApplicationShutdown {
  private readonly agents: Agent[] = [];
  private readonly pools: DependencyPool[] = [];
  private readonly undici: boolean;
  readonly catalog: AxiosInstance;
  readonly inventory: AxiosInstance;
  readonly payments: AxiosInstance;

  constructor(@Inject(PEER_SETTINGS) settings: PeerSettings) {
    this.undici = settings.clients === 'undici';
    this.catalog = this.client(settings.catalogUrl);
    this.inventory = this.client(settings.inventoryUrl);
    this.payments = this.client(settings.paymentsUrl);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const agent of this.agents) agent.destroy();
    await Promise.all(this.pools.map((pool) => pool.close()));
  }

  private client(baseURL: string): AxiosInstance {
    if (this.undici) {
      const { http, pool } = createDependencyHttp({
        baseURL,
        maxSockets: UNCAPPED_CONNECTIONS,
        // undici's own default: Node's agent, the peers' other client, has no connect timeout.
        connectTimeoutMs: 10_000,
        readTimeoutMs: 0,
      });
      this.pools.push(pool);
      return http;
    }
    const agent = new Agent({ keepAlive: true });
    this.agents.push(agent);
    return axios.create({ baseURL, httpAgent: agent, proxy: false, maxRedirects: 0 });
  }
}
