import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import type { ApiConfig } from '../../apps/api/src/config/api.config.js';
import { startReadyProcess, type ReadyProcess } from './ready-process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_MAIN = join(root, 'dist', 'apps', 'api', 'src', 'main.js');
const UPSTREAMS_MAIN = join(root, 'dist', 'apps', 'upstreams', 'src', 'main.js');

export type Dependency = 'catalog' | 'inventory' | 'payments';
export type Mode = 'up' | 'down' | 'hang' | 'reset';
export interface Faults {
  latencyMs?: number;
  jitterMs?: number;
  failRate?: number;
  mode?: Mode;
  /** Fail (503) exactly the next N requests. */
  failNext?: number;
  /** Drop the connection of exactly the next N requests, after handling them. */
  resetNext?: number;
}
export interface Stats {
  dependency: Dependency;
  total: number;
  outcomes: Record<
    'ok' | 'client_error' | 'server_error' | 'injected_failure' | 'hung' | 'reset' | 'expired',
    number
  >;
  /** The deadline headers of the latest request to arrive; null before any. */
  lastDeadlineHeaders: Partial<Record<'x-request-deadline' | 'x-request-timeout-ms', string>> | null;
}
export interface Charge {
  chargeId: string;
  orderId: string;
  amountCents: number;
  idempotencyKey: string;
}
export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

/** The api's own time for an answer, ms: its `Server-Timing: app;dur=<ms>` (NaN without one). */
export const serverTimeOf = (answer: { headers: Headers }): number =>
  Number(/app;dur=([\d.]+)/.exec(answer.headers.get('server-timing') ?? '')?.[1] ?? NaN);

type UpstreamPorts = { admin: number; catalog: number; inventory: number; payments: number };

/** Rate limits no test's load reaches, for the api's one anonymous client (127.0.0.1). */
export const UNLIMITED_TEST_CLIENT = {
  RATE_LIMIT_ANONYMOUS_BURST: '100000',
  RATE_LIMIT_ANONYMOUS_PER_SECOND: '100000',
} satisfies Partial<Record<keyof ApiConfig, string>>;

/**
 * The whole shop as real processes: an embedded redis-server, the upstreams simulator and the
 * api (built in dist/), each on free loopback ports, plus helpers to drive and inspect them.
 */
export class ShopFixture {
  private readonly extraApis: ReadyProcess<{ url: string | null }>[] = [];

  private constructor(
    readonly redis: EmbeddedRedis,
    private readonly upstreams: ReadyProcess<UpstreamPorts>,
    private readonly api: ReadyProcess<{ url: string }>,
    private readonly apiEnv: Record<string, string>,
  ) {}

  /** Starts everything; `env` adds to (and overrides) the api's environment. */
  static async start(env: Record<string, string> = {}): Promise<ShopFixture> {
    const redis = await startRedis();
    let upstreams: ReadyProcess<UpstreamPorts> | undefined;
    try {
      upstreams = await startReadyProcess<UpstreamPorts>(
        UPSTREAMS_MAIN,
        { UPSTREAMS_ADMIN_PORT: '0', CATALOG_PORT: '0', INVENTORY_PORT: '0', PAYMENTS_PORT: '0' },
        'upstreams ready',
      );
      const ports = upstreams.ready;
      const apiEnv = {
        PORT: '0',
        REDIS_URL: redis.url,
        CATALOG_URL: `http://127.0.0.1:${ports.catalog}`,
        INVENTORY_URL: `http://127.0.0.1:${ports.inventory}`,
        PAYMENTS_URL: `http://127.0.0.1:${ports.payments}`,
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '3000',
        // Every test drives the api from 127.0.0.1, one anonymous client: limits far above any
        // test's load keep the limiter on (its headers, its sync) without refusing anything.
        // test/shop/rate-limit.e2e-spec.ts sets its own.
        ...UNLIMITED_TEST_CLIENT,
      };
      const api = await startReadyProcess<{ url: string }>(API_MAIN, { ...apiEnv, ...env }, 'api ready');
      return new ShopFixture(redis, upstreams, api, apiEnv);
    } catch (error) {
      await upstreams?.stop();
      await redis.stop();
      throw error;
    }
  }

  get apiUrl(): string {
    return this.api.ready.url;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.upstreams.ready.admin}`;
  }

  upstreamUrl(dependency: Dependency): string {
    return `http://127.0.0.1:${this.upstreams.ready[dependency]}`;
  }

  /** The api's output so far, for a failing test's message. */
  apiOutput(): string {
    return this.api.output();
  }

  /** Starts one more api process on the same Redis and upstreams (e.g. `{ ROLE: 'worker' }`). */
  async startAnotherApi(
    env: Record<string, string>,
  ): Promise<{ url: string | null; pid: number; output(): string; stop(): Promise<void> }> {
    const api = await startReadyProcess<{ url: string | null }>(
      API_MAIN,
      { ...this.apiEnv, ...env },
      'api ready',
    );
    this.extraApis.push(api);
    return { url: api.ready.url, pid: api.child.pid as number, output: api.output, stop: () => api.stop() };
  }

  async stop(): Promise<void> {
    await Promise.all(this.extraApis.map((api) => api.stop()));
    await this.api.stop();
    await this.upstreams.stop();
    await this.redis.stop();
  }

  /** Sets a dependency's faults through the control listener (omitted fields reset). */
  async setFaults(dependency: Dependency, faults: Faults): Promise<void> {
    const response = await fetch(`${this.adminUrl}/__faults/${dependency}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    if (response.status !== 200)
      throw new Error(`PUT /__faults/${dependency}: ${response.status} ${await response.text()}`);
  }

  async stats(dependency: Dependency): Promise<Stats> {
    return (await (await fetch(`${this.adminUrl}/__stats/${dependency}`)).json()) as Stats;
  }

  /** Every charge payments ever made. */
  async charges(): Promise<Charge[]> {
    const body = (await (await fetch(`${this.upstreamUrl('payments')}/charges`)).json()) as {
      charges: Charge[];
    };
    return body.charges;
  }

  /** A request to the api, timed. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer<T>> {
    const started = performance.now();
    const response = await fetch(`${this.apiUrl}${path}`, { method, headers: init.headers, body: init.body });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // left as text: the assertion that follows shows it
    }
    return { status: response.status, headers: response.headers, body: body as T, ms };
  }

  get<T = Record<string, unknown>>(path: string): Promise<Answer<T>> {
    return this.request<T>('GET', path);
  }

  /** POST /checkout with `key` (omitted when undefined) and a JSON body. */
  checkout<T = Record<string, unknown>>(key: string | undefined, body: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== undefined) headers['idempotency-key'] = key;
    return this.request<T>('POST', '/checkout', { headers, body: JSON.stringify(body) });
  }
}

let keys = 0;
/** A fresh Idempotency-Key. */
export const newKey = (label = 'k'): string => `${label}-${process.pid}-${Date.now()}-${++keys}`;

/** A valid checkout body. */
export const order = (sku = 'MUG-02', quantity = 2, customerId = 'c-1') => ({
  customerId,
  items: [{ sku, quantity }],
});
