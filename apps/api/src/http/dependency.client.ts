import type { OnApplicationShutdown } from '@nestjs/common';
import { currentAttempt, type PolicyConfig } from '@carta/resilience';
import { isAxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { ShopMetrics } from '../metrics/shop-metrics.js';
import type { ConnectTimeoutAgent } from './connect-timeout.agent.js';
import { createDependencyHttp } from './dependency-http.client.js';

/**
 * Base of the outbound clients: an axios instance on the dependency's own keep-alive pool,
 * sized from its policy (pool = bulkhead size; read timeout backs up the attempt timeout),
 * with every request timed into `http_client_request_duration_seconds`.
 */
export abstract class DependencyClient implements OnApplicationShutdown {
  private readonly http: AxiosInstance;
  private readonly agent: ConnectTimeoutAgent;

  protected constructor(
    private readonly service: string,
    baseURL: string,
    policy: PolicyConfig,
    connectTimeoutMs: number,
    private readonly metrics: ShopMetrics,
  ) {
    ({ http: this.http, agent: this.agent } = createDependencyHttp({
      baseURL,
      maxSockets: policy.bulkhead?.maxConcurrent ?? 10,
      connectTimeoutMs,
      // The policy's timeout cancels first, through the attempt's signal.
      readTimeoutMs: (policy.timeoutMs ?? 10_000) + 100,
    }));
  }

  /**
   * Sends one request, with the running attempt's AbortSignal, timed under `endpoint` (a
   * route template such as `GET /products/:sku`, never the path itself: labels stay bounded).
   */
  protected async send<T>(endpoint: string, config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    const started = performance.now();
    let status = 'error';
    try {
      const response = await this.http.request<T>({ ...config, signal: currentAttempt()?.signal });
      status = String(response.status);
      return response;
    } catch (error) {
      status = statusOf(error);
      throw error;
    } finally {
      this.metrics.clientRequests.observe(
        { service: this.service, endpoint, status },
        (performance.now() - started) / 1000,
      );
    }
  }

  // After the HTTP server has drained: requests still running keep their sockets.
  onApplicationShutdown(): void {
    this.agent.destroy();
  }
}

/** The answer's status, or what kind of failure there was instead: a small, fixed set. */
function statusOf(error: unknown): string {
  if (!isAxiosError(error)) return 'error';
  if (error.response) return String(error.response.status);
  if (error.code === 'ERR_CANCELED') return 'aborted';
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}
