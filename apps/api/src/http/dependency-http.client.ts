import axios, { type AxiosInstance } from 'axios';
import { ConnectTimeoutAgent } from './connect-timeout.agent.js';

/** How one dependency's HTTP client is built. */
export interface DependencyHttpOptions {
  baseURL: string;
  /** Sockets in the keep-alive pool: the dependency's bulkhead size, so the pool never queues what the bulkhead let through. */
  maxSockets: number;
  connectTimeoutMs: number;
  /** Read timeout of one request, 0 for none: where the policy has an attempt timeout, that cancels it. */
  readTimeoutMs: number;
}

/**
 * An axios instance with its own keep-alive pool, so one dependency's slow sockets never take
 * another's. Statuses are not turned into JSON here: non-2xx answers reject with the axios
 * error, whose `response.status` the resilience classifier reads.
 */
export function createDependencyHttp(options: DependencyHttpOptions): {
  http: AxiosInstance;
  agent: ConnectTimeoutAgent;
} {
  const agent = new ConnectTimeoutAgent(
    {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      scheduling: 'lifo',
    },
    options.connectTimeoutMs,
  );
  const http = axios.create({
    baseURL: options.baseURL,
    httpAgent: agent,
    timeout: options.readTimeoutMs,
    // No proxies from the environment: the dependencies are addressed directly.
    proxy: false,
    maxRedirects: 0,
  });
  return { http, agent };
}
