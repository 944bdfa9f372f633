import axios, { type AxiosInstance } from 'axios';
import { DependencyPool } from './dependency.pool.js';
import { undiciAdapter } from './undici.adapter.js';

/** How one dependency's HTTP client is built. */
export interface DependencyHttpOptions {
  baseURL: string;
  /** Keep-alive connections: the dependency's bulkhead size, so the pool never queues what the bulkhead let through. */
  maxSockets: number;
  connectTimeoutMs: number;
  /** Read timeout of one request, 0 for none: where the policy has an attempt timeout, that cancels it. */
  readTimeoutMs: number;
}

/**
 * An axios instance on its own undici keep-alive pool, so one dependency's slow connections
 * never take another's. Statuses are not turned into JSON here: non-2xx answers reject with the
 * axios error, whose `response.status` the resilience classifier reads.
 */
export function createDependencyHttp(options: DependencyHttpOptions): {
  http: AxiosInstance;
  pool: DependencyPool;
} {
  const base = new URL(options.baseURL);
  const pool = new DependencyPool({
    origin: base.origin,
    connections: options.maxSockets,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const http = axios.create({
    baseURL: options.baseURL,
    adapter: undiciAdapter({ pool, basePath: base.pathname.replace(/\/+$/, '') }),
    timeout: options.readTimeoutMs,
  });
  return { http, pool };
}
