// What the api says about itself while the drill runs: GET /health/dependencies (breaker states,
// open intervals, bulkheads) every 250 ms and GET /metrics every second. Either endpoint may be
// missing (404) or slow; a probe that gets no usable answer records null, never fails the drill.
import { BREAKER_STATE_CODES, type BreakerState } from '../../libs/resilience/src/core/index.js';
import { RESILIENCE_METRIC_NAMES as METRICS } from '@carta/resilience/prometheus';
import type { ResilienceHealthView } from '@carta/resilience/terminus';
import {
  CHECKOUT_QUEUE_JOBS_METRIC,
  type CheckoutQueueJobState,
} from '../../apps/api/src/metrics/checkout-queue-jobs.metric.js';
import { EVENT_LOOP_DELAY_METRIC, IN_FLIGHT_METRIC } from '../../apps/api/src/overload/overload.metrics.js';
import { CATALOG, INVENTORY, PAYMENTS } from '../../apps/api/src/resilience/dependency-policies.js';
import { byLabel, parsePrometheus } from './prometheus.js';

/** The api's dependencies (its policy names), in display order. */
export const DEPENDENCIES = [CATALOG, INVENTORY, PAYMENTS] as const;

/** One of {@link DEPENDENCIES}. */
export type Dependency = (typeof DEPENDENCIES)[number];

/** What GET /health/dependencies answers. */
type DependenciesBody = ResilienceHealthView;

// The gauge's value is the state's code.
const STATE_OF_CODE = new Map(
  Object.entries(BREAKER_STATE_CODES).map(([state, code]) => [code, state as BreakerState]),
);

/** One dependency's breaker and bulkhead, times as epoch ms. */
export interface DependencyReading {
  state: BreakerState;
  openSince: number | null;
  nextProbeAt: number | null;
  consecutiveFailures: number;
  bulkhead: DependenciesBody['dependencies'][string]['bulkhead'];
}

/** The dependencies' view, reduced to what the drill charts and checks. */
export interface HealthValue {
  status: DependenciesBody['status'];
  deps: Partial<Record<Dependency, DependencyReading>>;
}

// prom-client's default metric (the api registers the defaults): the process's resident set.
const RESIDENT_MEMORY_METRIC = 'process_resident_memory_bytes';

/** Bulkheads, breaker states, the checkout queue and the process's readings from one scrape. */
export interface MetricsValue {
  bulkhead: Partial<Record<Dependency, { active: number; max: number; queued: number | null }>>;
  breakers: Partial<Record<Dependency, BreakerState | null>>;
  queue: Partial<Record<CheckoutQueueJobState, number>> | null;
  /** The load shedder's event-loop delay (a 1 s window's p99, the lower of the last two), ms; null if absent. */
  eventLoopDelayMs: number | null;
  /** Resident memory, bytes; null if absent. */
  rssBytes: number | null;
  /** Requests in flight as the load shedder counts them; null if absent. */
  inFlight: number | null;
}

/** One poll: when it was sent (drill ms), the status, and the value (null: no usable answer). */
export interface Reading<T> {
  t: number;
  status: number;
  value: T | null;
}

/** Breaker state per dependency. */
export type BreakerStates = Partial<Record<Dependency, BreakerState | null>>;

async function getOk<T>(url: string, parse: (text: string) => T | null): Promise<Omit<Reading<T>, 't'>> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(900) });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { status: response.status, value: null };
    }
    return { status: 200, value: parse(await response.text()) };
  } catch {
    return { status: 0, value: null };
  }
}

function readHealth(text: string): HealthValue {
  const body = JSON.parse(text) as Partial<DependenciesBody>;
  const deps: HealthValue['deps'] = {};
  for (const dep of DEPENDENCIES) {
    const d = body.dependencies?.[dep];
    if (!d) continue;
    deps[dep] = {
      state: d.state as BreakerState,
      openSince: d.openSince ? Date.parse(d.openSince) : null,
      nextProbeAt: d.nextProbeAt ? Date.parse(d.nextProbeAt) : null,
      consecutiveFailures: d.consecutiveFailures,
      bulkhead: d.bulkhead ?? null,
    };
  }
  return { status: body.status as DependenciesBody['status'], deps };
}

function readMetrics(text: string): MetricsValue {
  const samples = parsePrometheus(text);
  const active = byLabel(samples, METRICS.bulkheadActive, 'service');
  const max = byLabel(samples, METRICS.bulkheadMaxConcurrent, 'service');
  const queued = byLabel(samples, METRICS.bulkheadQueueDepth, 'service');
  const breaker = byLabel(samples, METRICS.breakerState, 'service');
  const bulkhead: MetricsValue['bulkhead'] = {};
  const breakers: MetricsValue['breakers'] = {};
  for (const dep of DEPENDENCIES) {
    if (active[dep] !== undefined && max[dep] !== undefined)
      bulkhead[dep] = { active: active[dep], max: max[dep], queued: queued[dep] ?? null };
    if (breaker[dep] !== undefined) breakers[dep] = STATE_OF_CODE.get(breaker[dep]) ?? null;
  }
  const queue = byLabel(samples, CHECKOUT_QUEUE_JOBS_METRIC, 'state');
  const valueOf = (name: string): number | null => samples.find((s) => s.name === name)?.value ?? null;
  const delaySeconds = valueOf(EVENT_LOOP_DELAY_METRIC);
  return {
    bulkhead,
    breakers,
    queue: Object.keys(queue).length > 0 ? queue : null,
    eventLoopDelayMs: delaySeconds === null ? null : delaySeconds * 1000,
    rssBytes: valueOf(RESIDENT_MEMORY_METRIC),
    inFlight: valueOf(IN_FLIGHT_METRIC),
  };
}

/** The running probes and what they have read so far. */
export interface Probes {
  health: Reading<HealthValue>[];
  metrics: Reading<MetricsValue>[];
  /** The latest breaker states: from /health/dependencies, else /metrics, else null. */
  latestStates(): BreakerStates | null;
  stop(): Promise<void>;
}

/** Polls both endpoints until stopped. */
export function startProbes({
  apiUrl,
  now,
  healthEveryMs = 250,
  metricsEveryMs = 1000,
}: {
  apiUrl: string;
  now: () => number;
  healthEveryMs?: number;
  metricsEveryMs?: number;
}): Probes {
  const health: Reading<HealthValue>[] = [];
  const metrics: Reading<MetricsValue>[] = [];
  let stopped = false;
  const loop = async <T>(every: number, url: string, parse: (text: string) => T, into: Reading<T>[]) => {
    while (!stopped) {
      const started = now();
      const answer = await getOk(url, (text) => {
        try {
          return parse(text);
        } catch {
          return null;
        }
      });
      into.push({ t: started, ...answer });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, every - (now() - started))));
    }
  };
  const running = Promise.all([
    loop(healthEveryMs, `${apiUrl}/health/dependencies`, readHealth, health),
    loop(metricsEveryMs, `${apiUrl}/metrics`, readMetrics, metrics),
  ]);
  return {
    health,
    metrics,
    latestStates() {
      const last = health.findLast((h) => h.value !== null)?.value;
      if (last)
        return Object.fromEntries(
          Object.entries(last.deps).map(([dep, d]) => [dep, d.state]),
        ) as BreakerStates;
      const scraped = metrics.findLast((m) => m.value !== null && Object.keys(m.value.breakers).length > 0);
      return scraped?.value?.breakers ?? null;
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
