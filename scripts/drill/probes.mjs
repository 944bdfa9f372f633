// What the api says about itself while the drill runs: GET /health/dependencies (breaker states,
// open intervals, bulkheads) every 250 ms and GET /metrics every second. Either endpoint may be
// missing (404) or slow; a probe that gets no usable answer records null, never fails the drill.
import { byLabel, parsePrometheus } from './prometheus.mjs';

export const DEPENDENCIES = ['catalog', 'inventory', 'payments'];
const BREAKER_STATES = ['closed', 'open', 'half_open', 'forced_open', 'disabled'];

async function getOk(url, parse) {
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

/** The dependencies' view, reduced to what the drill charts and checks. */
function readHealth(text) {
  const body = JSON.parse(text);
  const deps = {};
  for (const dep of DEPENDENCIES) {
    const d = body.dependencies?.[dep];
    if (!d) continue;
    deps[dep] = {
      state: d.state,
      openSince: d.openSince ? Date.parse(d.openSince) : null,
      nextProbeAt: d.nextProbeAt ? Date.parse(d.nextProbeAt) : null,
      consecutiveFailures: d.consecutiveFailures,
      bulkhead: d.bulkhead ?? null,
    };
  }
  return { status: body.status, deps };
}

/** Bulkheads, breaker gauges and the capture queue from one scrape. */
function readMetrics(text) {
  const samples = parsePrometheus(text);
  const active = byLabel(samples, 'bulkhead_active_count', 'service');
  const max = byLabel(samples, 'bulkhead_max_concurrent', 'service');
  const queued = byLabel(samples, 'bulkhead_queue_depth', 'service');
  const breaker = byLabel(samples, 'circuit_breaker_state', 'service');
  const bulkhead = {};
  const breakers = {};
  for (const dep of DEPENDENCIES) {
    if (active[dep] !== undefined && max[dep] !== undefined)
      bulkhead[dep] = { active: active[dep], max: max[dep], queued: queued[dep] ?? null };
    if (breaker[dep] !== undefined) breakers[dep] = BREAKER_STATES[breaker[dep]] ?? null;
  }
  const queue = byLabel(samples, 'checkout_queue_jobs', 'state');
  return { bulkhead, breakers, queue: Object.keys(queue).length > 0 ? queue : null };
}

/**
 * Polls both endpoints until stopped. `health` and `metrics` are arrays of
 * `{ t, status, value }` (value null when the endpoint did not answer 200 with a readable body).
 */
export function startProbes({ apiUrl, now, healthEveryMs = 250, metricsEveryMs = 1000 }) {
  const health = [];
  const metrics = [];
  let stopped = false;
  const loop = async (every, url, parse, into) => {
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
    /** The latest breaker states: from /health/dependencies, else /metrics, else null. */
    latestStates() {
      const last = health.findLast((h) => h.value !== null);
      if (last) return Object.fromEntries(Object.entries(last.value.deps).map(([dep, d]) => [dep, d.state]));
      const scraped = metrics.findLast((m) => m.value !== null && Object.keys(m.value.breakers).length > 0);
      return scraped ? scraped.value.breakers : null;
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
