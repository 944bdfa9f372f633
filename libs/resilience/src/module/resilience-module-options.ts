import type { BreakerStore, Clock, PolicyConfig } from '../core/index.js';

/** Settings of the request deadline set at the HTTP edge by `DeadlineInterceptor`. */
export interface DeadlineOptions {
  /** Budget of a request that brings no deadline, and the cap on one that does. @default 10000 */
  defaultBudgetMs?: number;
  /** Header carrying the caller's deadline in epoch ms. @default 'x-request-deadline' */
  header?: string;
  /**
   * Header carrying the milliseconds the caller has left, counted from the request's arrival;
   * when both headers come, the earlier deadline applies. @default 'x-request-timeout-ms'
   */
  timeoutHeader?: string;
}

/** Options of `ResilienceModule.forRoot` / `forRootAsync`. */
export interface ResilienceModuleOptions {
  /** Named policies, one per dependency. */
  policies: Record<string, PolicyConfig>;
  /**
   * Environment whose `RESILIENCE_<POLICY>_<OPTION>` variables override `policies`, e.g.
   * `RESILIENCE_PAYMENTS_TIMEOUT_MS=1500`. Not read unless given. @example env: process.env
   */
  env?: Record<string, string | undefined>;
  /** The request deadline at the HTTP edge. */
  deadline?: DeadlineOptions;
  /** Time source for every policy. @default the system clock */
  clock?: Clock;
  /** Random source for backoff jitter, returning [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Where breakers keep their state; `RedisBreakerStore` (`@carta/resilience/redis`) makes every
   * replica one breaker per policy name. Closed with the module. @default MemoryBreakerStore (local)
   * @example breakerStore: new RedisBreakerStore(redis)
   */
  breakerStore?: BreakerStore;
}
