import type { OnApplicationShutdown } from '@nestjs/common';
import type { PolicyConfig } from '@carta/resilience';
import type { AxiosInstance } from 'axios';
import type { ConnectTimeoutAgent } from './connect-timeout.agent.js';
import { createDependencyHttp } from './dependency-http.client.js';

/**
 * Base of the outbound clients: an axios instance on the dependency's own keep-alive pool,
 * sized from its policy (pool = bulkhead size; read timeout backs up the attempt timeout).
 */
export abstract class DependencyClient implements OnApplicationShutdown {
  protected readonly http: AxiosInstance;
  private readonly agent: ConnectTimeoutAgent;

  protected constructor(baseURL: string, policy: PolicyConfig, connectTimeoutMs: number) {
    ({ http: this.http, agent: this.agent } = createDependencyHttp({
      baseURL,
      maxSockets: policy.bulkhead?.maxConcurrent ?? 10,
      connectTimeoutMs,
      // The policy's timeout cancels first, through the attempt's signal.
      readTimeoutMs: (policy.timeoutMs ?? 10_000) + 100,
    }));
  }

  // After the HTTP server has drained: requests still running keep their sockets.
  onApplicationShutdown(): void {
    this.agent.destroy();
  }
}
