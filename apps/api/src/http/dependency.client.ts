import type { OnApplicationShutdown } from '@nestjs/common';
import { isDeadlineExceededError, type PolicyRegistry, type PolicySettings } from '@carta/resilience';
import { useOutboundDeadlines } from '@carta/resilience/http';
import { isAxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { ShopMetrics } from '../metrics/shop-metrics.js';
import { createDependencyHttp } from './dependency-http.client.js';
import type { DependencyPool } from './dependency.pool.js';

// Connections and read timeout of a dependency whose policy sets no bulkhead or timeout.
const DEFAULT_SOCKETS = 10;
const DEFAULT_READ_TIMEOUT_MS = 10_000;
// axios's "no timeout".
const NO_READ_TIMEOUT = 0;

/**
 * Base of the outbound clients: an axios instance on the dependency's own undici keep-alive pool,
 * sized from its policy (pool = bulkhead size; a read timeout only where it sets no timeout) and
 * resized when an operator reconfigures the policy, with every request timed into
 * `http_client_request_duration_seconds`. Every request carries the attempt's cancellation and
 * its deadline (`X-Request-Deadline`, `X-Request-Timeout-Ms`) for the dependency to honour.
 */
export abstract class DependencyClient implements OnApplicationShutdown {
  private readonly http: AxiosInstance;
  private readonly pool: DependencyPool;
  private readonly unsubscribe: () => void;

  protected constructor(
    private readonly service: string,
    baseURL: string,
    policies: PolicyRegistry,
    connectTimeoutMs: number,
    private readonly metrics: ShopMetrics,
  ) {
    const sizing = sizingOf(policies.get(service).settings());
    ({ http: this.http, pool: this.pool } = createDependencyHttp({ baseURL, connectTimeoutMs, ...sizing }));
    // Installed for the instance's lifetime: the instance dies with the client.
    useOutboundDeadlines(this.http, { clock: policies.clock });
    this.unsubscribe = policies.subscribe((event) => {
      if (event.type === 'reconfigured' && event.policy === service)
        this.resize(sizingOf(policies.get(service).settings()));
    });
  }

  /** Follows a reconfigured policy: a larger bulkhead gets the connections it needs, a timeout removed a read timeout. */
  private resize({ maxSockets, readTimeoutMs }: { maxSockets: number; readTimeoutMs: number }): void {
    this.pool.resize(maxSockets);
    this.http.defaults.timeout = readTimeoutMs;
  }

  /**
   * Sends one request, with the running attempt's cancellation and deadline, timed under
   * `endpoint` (a route template such as `GET /products/:sku`, never the path itself: labels
   * stay bounded). A spent budget rejects with `DeadlineExceededError`, sending nothing.
   */
  protected async send<T>(endpoint: string, config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    const started = performance.now();
    let status = 'error';
    try {
      const response = await this.http.request<T>(config);
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

  // After the HTTP server has drained: requests still running (a queued capture's) finish
  // first; each is bounded by its attempt's timeout or the read timeout.
  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe();
    await this.pool.close();
  }
}

function sizingOf(settings: PolicySettings): { maxSockets: number; readTimeoutMs: number } {
  return {
    maxSockets: settings.bulkhead?.maxConcurrent ?? DEFAULT_SOCKETS,
    // Every request runs in an attempt (the client is @Resilient) whose timeout cancels it
    // through the attempt's signal, so a read timeout would only arm and clear a timer per
    // request. A policy without a timeout gets one, so no request waits for ever.
    readTimeoutMs: settings.timeoutMs === null ? DEFAULT_READ_TIMEOUT_MS : NO_READ_TIMEOUT,
  };
}

/** The answer's status, or what kind of failure there was instead: a small, fixed set. */
function statusOf(error: unknown): string {
  // Not sent, its budget spent: what a request cut by the attempt's signal would have been.
  if (isDeadlineExceededError(error)) return 'aborted';
  if (!isAxiosError(error)) return 'error';
  if (error.response) return String(error.response.status);
  if (error.code === 'ERR_CANCELED') return 'aborted';
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}
