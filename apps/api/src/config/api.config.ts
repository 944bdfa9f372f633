// class-transformer's @Type reads design-time types through reflect-metadata.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { IsAtLeast } from './is-at-least.validator.js';

/** What the process runs: the HTTP api, the checkout worker, or both. */
export type Role = 'api' | 'worker' | 'all';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Plain http: the clients' keep-alive pools (and their connect timeout) are http agents.
const url = { require_tld: false, require_protocol: true, protocols: ['http'] };

/**
 * The api's settings, each an env variable of the same name with the default shown. Provided
 * as a class so providers inject it by type, and validated at boot (see loadApiConfig).
 */
export class ApiConfig {
  /** HTTP port; 0 picks a free one. */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  /** Address to bind; set 0.0.0.0 in a container. */
  @IsString() HOST = '127.0.0.1';
  /** `api` serves HTTP only, `worker` only captures queued payments, `all` does both. */
  @IsIn(['api', 'worker', 'all']) ROLE: Role = 'all';
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['redis', 'rediss'] })
  REDIS_URL = 'redis://127.0.0.1:6379';
  @IsUrl(url) CATALOG_URL = 'http://127.0.0.1:4001';
  @IsUrl(url) INVENTORY_URL = 'http://127.0.0.1:4002';
  @IsUrl(url) PAYMENTS_URL = 'http://127.0.0.1:4003';
  /**
   * Longest a request waits on one Redis command (or for Redis to reconnect) before answering
   * 503 storage_unavailable: a Redis that hangs or is gone is told within a second.
   */
  @Type(() => Number) @IsInt() @Min(50) REDIS_COMMAND_TIMEOUT_MS = 500;
  /**
   * Where the breakers keep their state: `redis` shares one breaker per dependency among every
   * replica on this Redis (they trip together, and an operator's override reaches all of
   * them); `memory` keeps each process's own, as a single instance needs.
   */
  @IsIn(['redis', 'memory']) BREAKER_STORE: 'redis' | 'memory' = 'redis';
  /** Budget of one api request, under the edge's 10 s. */
  @Type(() => Number) @IsInt() @Min(100) REQUEST_TIMEOUT_MS = 3_000;
  /** Part of the request budget kept back from the payment attempt to store and queue the order. */
  @Type(() => Number) @IsInt() @Min(0) CHECKOUT_RESERVE_MS = 500;
  /** TCP connect timeout of every outbound client. */
  @Type(() => Number) @IsInt() @Min(1) CONNECT_TIMEOUT_MS = 500;
  /** Cached catalog prices older than this are not shown and never charged. */
  @Type(() => Number) @IsInt() @Min(0) CATALOG_MAX_STALENESS_MS = DAY;
  /** How long the last-known-good catalog is kept (beyond the max staleness, so products still show). */
  @Type(() => Number) @IsInt() @Min(1) CATALOG_CACHE_TTL_MS = 7 * DAY;
  /** How long a checkout's Idempotency-Key is remembered. */
  @Type(() => Number) @IsInt() @Min(1) IDEMPOTENCY_TTL_MS = DAY;
  /** How long a key stays locked by a checkout that died mid-flight. */
  @Type(() => Number) @IsInt() @Min(1) IDEMPOTENCY_LOCK_MS = 30_000;
  /** Capture attempts of a queued payment before the order is marked payment_failed. */
  @Type(() => Number) @IsInt() @Min(1) CAPTURE_ATTEMPTS = 8;
  /** First backoff between capture attempts; doubles each time, with jitter. */
  @Type(() => Number) @IsInt() @Min(1) CAPTURE_BACKOFF_MS = 1_000;
  /** Added to the request budget before a capture's first attempt: payments has just failed. */
  @Type(() => Number) @IsInt() @Min(0) CAPTURE_DELAY_MS = 1_000;
  /**
   * Wait after the last capture attempt before asking payments whether it charged the order's
   * key: a request whose answer was given up on may still be running at payments.
   */
  @Type(() => Number) @IsInt() @Min(0) RECONCILE_DELAY_MS = 10_000;
  /** First wait between charge lookups payments could not answer; doubles, with jitter. */
  @Type(() => Number) @IsInt() @Min(1) RECONCILE_BACKOFF_MS = 1_000;
  /** Longest wait between charge lookups (never below RECONCILE_BACKOFF_MS). */
  @Type(() => Number) @IsInt() @Min(1) RECONCILE_MAX_BACKOFF_MS = 60_000;
  /** Attempts of a reservation job (an order placed with inventory unconfirmed) before it gives up. */
  @Type(() => Number) @IsInt() @Min(1) RESERVATION_ATTEMPTS = 12;
  /** First backoff between reservation attempts; doubles each time, with jitter (12 attempts span about an hour). */
  @Type(() => Number) @IsInt() @Min(1) RESERVATION_BACKOFF_MS = 1_000;
  /** Jobs the checkout worker runs at once per process (captures and reservations alike). */
  @Type(() => Number) @IsInt() @Min(1) CAPTURE_CONCURRENCY = 5;
  /**
   * How long a worker's lock on a running capture lasts; renewed every half of it while the
   * capture runs, so a long capture keeps its job. A worker that dies lets it lapse.
   */
  @Type(() => Number) @IsInt() @Min(1_000) CAPTURE_LOCK_MS = 5_000;
  /**
   * How often the workers look for captures whose lock lapsed (a dead worker's) and hand them
   * to another: one lost worker's captures run again within CAPTURE_LOCK_MS + this.
   */
  @Type(() => Number) @IsInt() @Min(500) CAPTURE_STALLED_INTERVAL_MS = 3_000;
  /** Times a capture may lose its worker and run again before its job fails instead. */
  @Type(() => Number) @IsInt() @Min(1) CAPTURE_MAX_STALLED_COUNT = 5;
  /**
   * How often a worker looks for pending orders with no capture to come (a checkout that died
   * between storing its order and queueing the capture, say as Redis went away) and queues one.
   */
  @Type(() => Number) @IsInt() @Min(100) CAPTURE_SWEEP_INTERVAL_MS = 5_000;
  /** Least severe log level printed: error, warn, log, debug or verbose. */
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) LOG_LEVEL:
    'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
  /** Bearer token of the /admin routes; unset, they are not mounted at all. */
  @IsOptional() @IsString() @MinLength(16) ADMIN_TOKEN?: string = undefined;
  /**
   * How far the heap's old generation may grow past what the last full collection kept, in
   * percent, before the next one: lower keeps resident memory down at the price of more full
   * collections; 0 leaves V8's own factor (up to 300). See heap-growth.ts.
   */
  @Type(() => Number) @IsInt() @Min(0) HEAP_GROWING_PERCENT = 100;
  /** Longest a graceful shutdown may take before the process exits anyway. */
  @Type(() => Number) @IsInt() @Min(100) SHUTDOWN_TIMEOUT_MS = 10_000;
  /** Largest accepted request body in bytes. */
  @Type(() => Number) @IsInt() @Min(1024) BODY_LIMIT_BYTES = 64 * 1024;
  /**
   * Whether the api sheds load when overloaded: browsing first, then checkout, never the
   * probes, metrics or admin (docs/api.md, "Load shedding"). `false` serves everything.
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  SHED_ENABLED = true;
  /**
   * Event-loop delay (ms; p99 of a window, two windows in a row) beyond which browsing (catalog,
   * inventory) is refused. The delay includes time other processes take the CPU: well above a
   * healthy shop's (under 20 ms), so a busy host alone does not shed.
   */
  @Type(() => Number) @IsInt() @Min(1) SHED_BROWSE_EVENT_LOOP_DELAY_MS = 100;
  /** Event-loop delay beyond which checkout and order lookups are refused too; at least the browse one. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @IsAtLeast('SHED_BROWSE_EVENT_LOOP_DELAY_MS')
  SHED_CHECKOUT_EVENT_LOOP_DELAY_MS = 250;
  /** Requests in flight (the one judged included) beyond which browsing is refused. */
  @Type(() => Number) @IsInt() @Min(1) SHED_BROWSE_MAX_IN_FLIGHT = 200;
  /** Requests in flight beyond which checkout and order lookups are refused too; at least the browse one. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @IsAtLeast('SHED_BROWSE_MAX_IN_FLIGHT')
  SHED_CHECKOUT_MAX_IN_FLIGHT = 400;
  /** Window the event-loop delay's p99 is taken over; Retry-After of a refusal is this, in whole seconds. */
  @Type(() => Number) @IsInt() @Min(100) SHED_EVENT_LOOP_WINDOW_MS = 1_000;
  /**
   * Whether requests are rate limited per client (docs/api.md, "Rate limits"): a token bucket
   * per API key or IP address, shared by every replica through Redis. `false` limits nothing.
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;
  /** Requests an anonymous client (one IP address) may send at once: the size of its bucket. */
  @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_ANONYMOUS_BURST = 100;
  /** Tokens per second an anonymous client's bucket refills with: its sustained rate (fractions allowed). */
  @Type(() => Number) @IsNumber() @IsPositive() RATE_LIMIT_ANONYMOUS_PER_SECOND = 20;
  /** Requests a client with a configured X-Api-Key may send at once. */
  @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_KEYED_BURST = 1_000;
  /** Tokens per second a keyed client's bucket refills with. */
  @Type(() => Number) @IsNumber() @IsPositive() RATE_LIMIT_KEYED_PER_SECOND = 200;
  /**
   * API keys, comma-separated, each 16 to 256 printable characters: a request whose X-Api-Key
   * is one of them is limited per key in the keyed tier; any other key counts as its IP address.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((key) => key.trim())
          .filter((key) => key !== '')
      : value,
  )
  @Matches(/^[\x21-\x2b\x2d-\x7e]{16,256}$/, {
    each: true,
    message: 'each key of $property must be 16 to 256 printable characters, without spaces or commas',
  })
  RATE_LIMIT_API_KEYS: string[] = [];
  /**
   * How often a replica settles what its clients spent with their shared buckets in Redis (one
   * pipelined script call); a request itself never waits on Redis.
   */
  @Type(() => Number) @IsInt() @Min(10) @Max(1_000) RATE_LIMIT_SYNC_MS = 100;
  /**
   * Where the shared buckets live: `redis` shares each client's among every replica on this
   * Redis; `memory` keeps this process's own, as a single instance needs.
   */
  @IsIn(['redis', 'memory']) RATE_LIMIT_STORE: 'redis' | 'memory' = 'redis';
  /**
   * Proxies in front of the api (each appending to X-Forwarded-For) to see through for the
   * client's address, which anonymous rate limits go by; 0 takes the connection's own address.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(10) TRUST_PROXY_HOPS = 0;
}

/** Every setting's name: the env variables the api reads (besides RESILIENCE_*). */
export const API_CONFIG_KEYS = Object.keys(new ApiConfig()) as (keyof ApiConfig)[];
