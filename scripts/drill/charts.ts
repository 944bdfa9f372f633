// The report's charts over drill time, pre-rendered as inline SVG: latency per route, breaker
// state per dependency, bulkhead saturation, the checkout queue, outcomes, and the api
// process's event-loop delay and resident memory (process-charts.ts).
import type { BreakerState } from '../../libs/resilience/src/core/index.js';
import type { CheckoutQueueJobState } from '../../apps/api/src/metrics/checkout-queue-jobs.metric.js';
import {
  DEPENDENCIES,
  type BreakerStates,
  type Dependency,
  type HealthValue,
  type MetricsValue,
  type Reading,
} from './probes.js';
import { OUTCOMES, ROUTES, type Outcome, type Route, type Second } from './samples.js';
import { processCharts } from './process-charts.js';
import {
  box,
  figure,
  frame,
  legend,
  line,
  niceStep,
  svg,
  type LegendEntry,
  type PhaseWindow,
} from './svg.js';

const ROUTE_COLORS: Record<Route, string> = { catalog: '#1f77b4', checkout: '#d62728', inventory: '#2ca02c' };
const DEP_COLORS: Record<Dependency, string> = {
  catalog: '#1f77b4',
  inventory: '#2ca02c',
  payments: '#d62728',
};
const STATE_COLORS: Record<BreakerState, string> = {
  closed: '#7fc97f',
  open: '#e34a33',
  half_open: '#fdbb84',
  forced_open: '#7f0000',
  disabled: '#bdbdbd',
};
const OUTCOME_COLORS: Record<Outcome, string> = {
  ok: '#4daf4a',
  202: '#377eb8',
  degraded: '#ff7f00',
  limited: '#f781bf',
  shed: '#a65628',
  '4xx': '#984ea3',
  '5xx': '#e41a1c',
  no_answer: '#000000',
};
// completed is left out: it only grows.
const QUEUE_COLORS: Partial<Record<CheckoutQueueJobState, string>> = {
  waiting: '#377eb8',
  active: '#4daf4a',
  delayed: '#ff7f00',
  failed: '#e41a1c',
};

/** One api's figures: its answers per second and its probes. */
export interface ReplicaSeries {
  /** `api-1`, `api-2`... */
  name: string;
  perSecond: readonly Second[];
  health: readonly Reading<HealthValue>[];
  metrics: readonly Reading<MetricsValue>[];
}

/** What the charts are drawn from. */
export interface ChartData {
  perSecond: readonly Second[];
  health: readonly Reading<HealthValue>[];
  metrics: readonly Reading<MetricsValue>[];
  endMs: number;
  phases: readonly PhaseWindow[];
  /** With several apis, each one's series: the charts then draw each api. */
  replicas?: readonly ReplicaSeries[];
}

/** p50 (dashed) and p99 (solid) per route per second, log scale; of one api when `replica` names it. */
function latencyChart({ perSecond, endMs, phases }: ChartData, replica?: string): string {
  const height = 260;
  const max = Math.max(10, ...perSecond.flatMap((s) => ROUTES.map((r) => s.routes[r].p99 ?? 0)));
  const top = 10 ** Math.ceil(Math.log10(max));
  const ticks = [1, 10, 100, 1000, 10000]
    .filter((v) => v <= top)
    .map((v) => ({ value: v, label: v >= 1000 ? `${v / 1000} s` : `${v} ms` }));
  const fr = frame({ height, endMs, phases, y: { log: true, min: 0.5, max: top, ticks } });
  const shapes: string[] = [];
  const entries: LegendEntry[] = [];
  for (const route of ROUTES) {
    const color = ROUTE_COLORS[route];
    shapes.push(
      line(
        fr,
        perSecond.map((s) => [s.t + 500, s.routes[route].p99]),
        { color, name: `${route} p99` },
      ),
    );
    shapes.push(
      line(
        fr,
        perSecond.map((s) => [s.t + 500, s.routes[route].p50]),
        { color, name: `${route} p50`, dash: true },
      ),
    );
    entries.push({ name: `${route} p99`, color }, { name: `${route} p50 (dashed)`, color, dash: true });
  }
  const drawn = shapes.some(Boolean);
  return figure(
    'latency',
    'Latency per route',
    'p50 and p99 of the requests sent each second (log scale).',
    svg(height, 'latency per route', fr, shapes) + legend(entries),
    drawn ? null : 'no answers recorded',
    replica,
  );
}

type StateReading = { t: number; states: BreakerStates };

// Breaker states over time from /health/dependencies, else from circuit_breaker_state.
function stateReadings({ health, metrics }: Pick<ChartData, 'health' | 'metrics'>): StateReading[] {
  const fromHealth = health.flatMap((h) =>
    h.value === null
      ? []
      : [
          {
            t: h.t,
            states: Object.fromEntries(
              Object.entries(h.value.deps).map(([d, v]) => [d, v.state]),
            ) as BreakerStates,
          },
        ],
  );
  return fromHealth.length > 0
    ? fromHealth
    : metrics.flatMap((m) =>
        m.value && Object.keys(m.value.breakers).length > 0 ? [{ t: m.t, states: m.value.breakers }] : [],
      );
}

/**
 * One band per dependency (per dependency and api with replicas), coloured by breaker state as
 * /health/dependencies (or /metrics) reported it.
 */
function breakerChart(data: ChartData): string {
  const { endMs, phases } = data;
  const sources = data.replicas ?? [{ name: '', health: data.health, metrics: data.metrics }];
  const bands = DEPENDENCIES.flatMap((dep) =>
    sources.map((source) => ({
      dep,
      label: source.name ? `${dep} ${source.name}` : dep,
      readings: stateReadings(source),
    })),
  );
  const height = 40 + (sources.length > 1 ? 22 : 30) * bands.length;
  const rows = bands.length;
  const ticks = bands.map((band, i) => ({ value: rows - i - 0.5, label: band.label }));
  const fr = frame({ height, endMs, phases, y: { max: rows, ticks } });
  const shapes: string[] = [];
  bands.forEach(({ dep, label, readings }, i) => {
    const v0 = rows - i - 0.85;
    const v1 = rows - i - 0.15;
    for (let k = 0; k < readings.length; k++) {
      const state = readings[k].states[dep];
      if (!state) continue;
      let j = k;
      while (j + 1 < readings.length && readings[j + 1].states[dep] === state) j++;
      const t1 = readings[j + 1]?.t ?? endMs;
      shapes.push(
        box(fr, readings[k].t, t1, v0, v1, {
          color: STATE_COLORS[state] ?? '#999',
          name: `${label} ${state}`,
          title: `${label}: ${state} ${(readings[k].t / 1000).toFixed(1)}-${(t1 / 1000).toFixed(1)} s`,
        }),
      );
      k = j;
    }
  });
  const entries = Object.entries(STATE_COLORS).map(([name, color]) => ({ name, color }));
  return figure(
    'breakers',
    'Breaker state',
    `per dependency${sources.length > 1 ? ' and api' : ''}, from GET /health/dependencies every 250 ms.`,
    svg(height, 'breaker state per dependency', fr, shapes) + legend(entries),
    bands.some((band) => band.readings.length > 0)
      ? null
      : 'neither /health/dependencies nor circuit_breaker_state answered',
  );
}

type BulkheadReading = { t: number; bulkhead: MetricsValue['bulkhead'] };

// active / maxConcurrent per dependency from /metrics, else from /health/dependencies.
function bulkheadReadings({ health, metrics }: Pick<ChartData, 'health' | 'metrics'>): {
  readings: BulkheadReading[];
  source: string;
} {
  let readings: BulkheadReading[] = metrics.flatMap((m) =>
    m.value && Object.keys(m.value.bulkhead).length > 0 ? [{ t: m.t, bulkhead: m.value.bulkhead }] : [],
  );
  let source = 'bulkhead_active_count / bulkhead_max_concurrent from GET /metrics each second';
  const fromHealth: BulkheadReading[] = health.flatMap((h) =>
    h.value && Object.values(h.value.deps).some((d) => d.bulkhead)
      ? [
          {
            t: h.t,
            bulkhead: Object.fromEntries(
              Object.entries(h.value.deps).flatMap(([dep, d]) =>
                d.bulkhead
                  ? [[dep, { active: d.bulkhead.active, max: d.bulkhead.maxConcurrent, queued: null }]]
                  : [],
              ),
            ),
          },
        ]
      : [],
  );
  if (readings.length === 0 && fromHealth.length > 0) {
    readings = fromHealth;
    source = 'active / maxConcurrent from GET /health/dependencies (no bulkhead gauges in /metrics)';
  }
  return { readings, source };
}

/** active / maxConcurrent per dependency (per dependency and api with replicas, the second api dashed). */
function bulkheadChart(data: ChartData): string {
  const { endMs, phases } = data;
  const sources = data.replicas ?? [{ name: '', health: data.health, metrics: data.metrics }];
  const height = 220;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, label: `${v * 100}%` }));
  const fr = frame({ height, endMs, phases, y: { max: 1.05, ticks } });
  const shapes: string[] = [];
  const entries: LegendEntry[] = [];
  let source = '';
  sources.forEach((replica, r) => {
    const found = bulkheadReadings(replica);
    source = found.source;
    const dash = r % 2 === 1;
    for (const dep of DEPENDENCIES) {
      const points = found.readings.map((reading): [number, number | null] => {
        const b = reading.bulkhead[dep];
        return [reading.t, b && b.max > 0 ? b.active / b.max : null];
      });
      const max = found.readings.findLast((reading) => reading.bulkhead[dep])?.bulkhead[dep]?.max;
      const name = replica.name ? `${dep} ${replica.name}` : dep;
      shapes.push(line(fr, points, { color: DEP_COLORS[dep], name, dash }));
      entries.push({
        name: `${name}${max ? ` (max ${max})` : ''}${dash ? ' (dashed)' : ''}`,
        color: DEP_COLORS[dep],
        dash,
      });
    }
  });
  return figure(
    'bulkheads',
    'Bulkhead saturation',
    `${source}.`,
    svg(height, 'bulkhead saturation per dependency', fr, shapes) + legend(entries),
    shapes.some(Boolean) ? null : 'no bulkhead figures answered',
  );
}

/** checkout_queue_jobs by state (completed left out: it only grows). */
function queueChart({ metrics, endMs, phases }: ChartData): string {
  const readings = metrics.flatMap((m) => (m.value?.queue ? [{ t: m.t, queue: m.value.queue }] : []));
  const states = Object.keys(QUEUE_COLORS) as CheckoutQueueJobState[];
  const max = Math.max(1, ...readings.flatMap((r) => states.map((s) => r.queue[s] ?? 0)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => ({
    value: i * step,
    label: String(i * step),
  }));
  const height = 220;
  const fr = frame({ height, endMs, phases, y: { max: top, ticks } });
  const shapes = states.map((state) =>
    line(
      fr,
      readings.map((r) => [r.t, r.queue[state] ?? null]),
      { color: QUEUE_COLORS[state] ?? '#999', name: state },
    ),
  );
  const entries = states.map((name) => ({ name, color: QUEUE_COLORS[name] ?? '#999' }));
  return figure(
    'queue',
    'Checkout queue',
    'checkout_queue_jobs by state from GET /metrics each second: delayed = captures scheduled, waiting for their time or for the breaker.',
    svg(height, 'checkout queue depth', fr, shapes) + legend(entries),
    readings.length ? null : 'checkout_queue_jobs not answered',
  );
}

const OUTCOME_NAMES: Record<Outcome, string> = {
  ok: '2xx',
  202: '202 pending_payment',
  degraded: '200 degraded (stale / estimated)',
  limited: '429 rate_limited',
  shed: '503 overloaded (shed)',
  '4xx': '4xx',
  '5xx': '5xx',
  no_answer: 'no answer',
};

/** Answers per second by outcome, stacked; of one api when `replica` names it. */
function outcomeChart({ perSecond, endMs, phases }: ChartData, replica?: string): string {
  const max = Math.max(1, ...perSecond.map((s) => Object.values(s.outcomes).reduce((a, b) => a + b, 0)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => ({
    value: i * step,
    label: String(i * step),
  }));
  const height = 240;
  const fr = frame({ height, endMs, phases, y: { max: top, ticks } });
  const shapes: string[] = [];
  for (const second of perSecond) {
    let base = 0;
    for (const outcome of OUTCOMES) {
      const n = second.outcomes[outcome] ?? 0;
      if (n === 0) continue;
      shapes.push(
        box(fr, second.t + 50, second.t + 950, base, base + n, {
          color: OUTCOME_COLORS[outcome],
          name: outcome,
          title: `${second.t / 1000} s: ${n} ${outcome}`,
        }),
      );
      base += n;
    }
  }
  const entries = OUTCOMES.map((o) => ({ name: OUTCOME_NAMES[o], color: OUTCOME_COLORS[o] }));
  return figure(
    'outcomes',
    'Outcomes',
    'answers per second, by what they were (sent that second).',
    svg(height, 'outcomes per second', fr, shapes) + legend(entries),
    shapes.length ? null : 'no answers recorded',
    replica,
  );
}

/** Chart names, in report order. */
export const CHART_NAMES = [
  'latency',
  'breakers',
  'bulkheads',
  'queue',
  'outcomes',
  'event-loop',
  'memory',
] as const;

/** Every chart's HTML; with replicas, a latency and an outcomes chart per api. */
export function renderCharts(data: ChartData): string[] {
  const perApi = (chart: (data: ChartData, replica?: string) => string): string[] =>
    data.replicas
      ? data.replicas.map((replica) => chart({ ...data, perSecond: replica.perSecond }, replica.name))
      : [chart(data)];
  return [
    ...perApi(latencyChart),
    breakerChart(data),
    bulkheadChart(data),
    queueChart(data),
    ...perApi(outcomeChart),
    ...processCharts(data),
  ];
}
