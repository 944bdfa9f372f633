// The runbook walked in order under load. Each phase sets its faults when it begins; its
// window (what its figures are made of) starts once they are in force.
import { envPrefixOf, type EnvOverridableOption } from '../../libs/resilience/src/config/env-overrides.js';
import { CATALOG, INVENTORY, PAYMENTS } from '../../apps/api/src/resilience/dependency-policies.js';
import { DEPENDENCY_NAMES } from '../../apps/upstreams/src/faults/dependency-name.js';
import type { ApiEnv } from '../lib/stack.js';
import type { Lane } from './load.js';
import type { ReplicaHands } from './replica-hands.js';
import type { ShopControl } from './shop.js';

const policyEnv = (policy: string, option: EnvOverridableOption, value: string): ApiEnv => ({
  [`${envPrefixOf(policy)}${option}`]: value,
});

/** The api's settings for the drill: breakers that retry after 3 s, captures that start soon. */
export const DRILL_API_ENV: ApiEnv = {
  ...policyEnv(PAYMENTS, 'CIRCUIT_BREAKER_RESET_TIMEOUT_MS', '3000'),
  ...policyEnv(CATALOG, 'CIRCUIT_BREAKER_RESET_TIMEOUT_MS', '3000'),
  ...policyEnv(INVENTORY, 'CIRCUIT_BREAKER_RESET_TIMEOUT_MS', '3000'),
  CAPTURE_DELAY_MS: '200',
  // A quarter of the default backoff, so more attempts (12 instead of 8) still span minutes.
  CAPTURE_BACKOFF_MS: '250',
  CAPTURE_ATTEMPTS: '12',
  // All the drill's traffic comes from one anonymous client, 127.0.0.1: limits well above its
  // load, so the rate limiter runs (headers, Redis sync) without refusing the runbook's traffic.
  RATE_LIMIT_ANONYMOUS_BURST: '10000',
  RATE_LIMIT_ANONYMOUS_PER_SECOND: '5000',
};

/** The steady load, about 110 requests/s over 12 connections. */
export const MAIN_LANES: readonly Lane[] = [
  { route: 'catalog', connections: 4, rate: 60 },
  { route: 'checkout', connections: 6, rate: 20 },
  { route: 'inventory', connections: 2, rate: 30 },
];

/** The inventory flood's extra load, on top of the steady one. */
export const FLOOD_LANES: readonly Lane[] = [
  { route: 'inventory', label: 'inventory flood', connections: 16, rate: 160 },
];

/** Beyond the 2 s payments attempt timeout, so every attempt times out. */
export const PAYMENTS_SLOW_MS = 2_500;
/** Inside inventory's 500 ms attempt timeout: admitted calls succeed, late, and hold the bulkhead. */
export const INVENTORY_SLOW_MS = 400;

/** What a phase's `enter` and `leave` get. */
export interface PhaseContext {
  control: ShopControl;
  /** Adds a line to the phase's notes (printed, and in the report). */
  note: (text: string) => void;
  /** Starts the {@link FLOOD_LANES} for the phase's length. */
  startFlood: () => Promise<unknown>;
  stopFlood: () => Promise<void>;
  /** Starts the burst (the crowd, then the anonymous lanes) for the phase's length; only with --rate. */
  startBurst: () => Promise<unknown>;
  stopBurst: () => Promise<void>;
  /** The replicas topology's processes and findings; undefined with one api. */
  replicas?: ReplicaHands;
}

/** Phase names, in the order the drill walks them. */
export type PhaseName =
  | 'warmup'
  | 'baseline'
  | 'payments-slow'
  | 'payments-down'
  | 'payments-recovers'
  | 'inventory-flood'
  | 'catalog-down-cached'
  | 'catalog-down-uncached'
  | 'recovery'
  // With --rate only.
  | 'burst'
  // The replicas topology's (`--replicas 2`).
  | 'payments-failing'
  | 'worker-crash'
  | 'redis-down'
  | 'redis-back';

/** One step of the runbook. */
export interface Phase {
  name: PhaseName;
  title: string;
  /** Its length in each mode. */
  seconds: { full: number; quick: number };
  /** The behaviour it expects, as the report states it. */
  expected: string;
  /** Sets the phase's faults. */
  enter: (ctx: PhaseContext) => Promise<unknown>;
  /** Undoes what only lasts the phase. */
  leave?: (ctx: PhaseContext) => Promise<unknown>;
}

export const PHASES: readonly Phase[] = [
  {
    name: 'warmup',
    title: 'warm-up',
    seconds: { full: 4, quick: 3 },
    expected: 'not checked: warms the JIT, the pools and the catalog cache',
    enter: async () => {},
  },
  {
    name: 'baseline',
    title: 'baseline',
    seconds: { full: 15, quick: 6 },
    expected: 'every answer 2xx; every checkout 201 confirmed',
    enter: async () => {},
  },
  {
    name: 'payments-slow',
    title: 'payments slow',
    seconds: { full: 15, quick: 8 },
    expected:
      `payments answers after ${PAYMENTS_SLOW_MS} ms, past its 2 s attempt timeout: checkouts answer ` +
      '202 pending_payment within the 3 s budget; the breaker opens after 5 failures; no 5xx',
    enter: ({ control }) => control.setFaults('payments', { latencyMs: PAYMENTS_SLOW_MS }),
  },
  {
    name: 'payments-down',
    title: 'payments down',
    seconds: { full: 15, quick: 8 },
    expected:
      'payments refuses connections: the breaker stays open (a probe every 3 s); checkouts answer 202 at once; no 5xx',
    enter: ({ control }) => control.setFaults('payments', { mode: 'down' }),
  },
  {
    name: 'payments-recovers',
    title: 'payments recovers',
    seconds: { full: 10, quick: 7 },
    expected:
      'payments is back: the next probe closes the breaker, checkouts answer 201 again, queued captures drain',
    enter: ({ control }) => control.setFaults('payments', { mode: 'up' }),
  },
  {
    name: 'inventory-flood',
    title: 'inventory flood',
    seconds: { full: 12, quick: 6 },
    expected:
      `inventory answers after ${INVENTORY_SLOW_MS} ms and 16 more connections flood GET /inventory: ` +
      'the bulkhead (5) rejects the excess at once (estimated: true); checkouts keep answering 201',
    enter: async ({ control, startFlood }) => {
      await control.setFaults('inventory', { latencyMs: INVENTORY_SLOW_MS });
      await startFlood();
    },
    leave: async ({ control, stopFlood }) => {
      await stopFlood();
      await control.setFaults('inventory', {});
    },
  },
  {
    name: 'catalog-down-cached',
    title: 'catalog down, cached',
    seconds: { full: 10, quick: 5 },
    expected:
      'catalog refuses connections: GET /catalog/products answers 200 stale from the Redis copy, ' +
      'never 5xx; checkouts still sell at cached prices',
    enter: ({ control }) => control.setFaults('catalog', { mode: 'down' }),
  },
  {
    name: 'catalog-down-uncached',
    title: 'catalog down, no cache',
    seconds: { full: 8, quick: 4 },
    expected:
      'the Redis copy is deleted too: GET /catalog/products answers 503 catalog_unavailable with ' +
      'Retry-After; checkouts 503 price_unavailable',
    enter: async ({ control, note }) =>
      note(`deleted ${await control.dropCatalogCache()} ${control.catalogCachePattern} keys`),
  },
  {
    name: 'recovery',
    title: 'recovery',
    seconds: { full: 12, quick: 7 },
    expected: 'every fault cleared: catalog answers live again and every breaker closes',
    enter: async ({ control }) => {
      for (const dependency of DEPENDENCY_NAMES) await control.setFaults(dependency, {});
    },
  },
];

/**
 * The warm-up's length with --rate, s. At 800 requests/s the api here reached the asked rate
 * at its steady latency only 9-10 s after the load started (the JIT and the pools warming on a
 * saturated machine): after a 4 s warm-up the baseline's first seconds still queued, until
 * payments' bulkhead (20 + 20) refused and a checkout answered 202, judging a cold process.
 */
export const RATE_WARMUP_S = 12;

/** How long `phase` lasts in `mode`: as its table says, but the warm-up at a rate (--rate) lasts at least {@link RATE_WARMUP_S}. */
export function phaseSeconds(
  phase: Phase,
  { mode, rate }: { mode: 'full' | 'quick'; rate: number | null },
): number {
  const seconds = phase.seconds[mode];
  return phase.name === 'warmup' && rate !== null ? Math.max(seconds, RATE_WARMUP_S) : seconds;
}

/** A phase as the drill walks it: its length in this mode, its notes, and its window once walked. */
export interface PlannedPhase extends Phase {
  ms: number;
  notes: string[];
  /** When its faults were in force, ms since t0 (NaN until then). */
  start: number;
  /** When it ended, ms since t0 (NaN until then). */
  end: number;
  /** How many of its notes were printed (a watch may add one after the phase). */
  printedNotes: number;
}

/**
 * With --rate, after recovery: a burst beyond the limits. Anonymous clients send ten times
 * their tier's rate; a crowd of slow clients holds more requests in flight than the browse
 * threshold allows.
 */
export const BURST_PHASE: Phase = {
  name: 'burst',
  title: 'burst',
  seconds: { full: 10, quick: 6 },
  expected:
    'anonymous clients at 10x their limit get 429 rate_limited; a crowd of slow uploads holds the ' +
    'requests in flight above SHED_BROWSE_MAX_IN_FLIGHT, so browsing gets 503 overloaded; both ' +
    'answered at once; keyed checkouts keep answering 201/202',
  enter: ({ startBurst }) => startBurst(),
  leave: ({ stopBurst }) => stopBurst(),
};
