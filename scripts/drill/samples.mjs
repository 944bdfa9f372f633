// Every answer the load got, and the figures made from them. Times are ms since the drill's
// t0 (performance.now()), `at` is the request's start: a request belongs to the phase and the
// second in which it was sent.

/** Routes the load drives, in display order. */
export const ROUTES = ['catalog', 'checkout', 'inventory'];

/** Nearest-rank percentile of sorted numbers; null when there are none. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** count, p50, p99, max of latencies (ms). */
export function latencyOf(samples) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? null,
  };
}

/** Counts of each value of `key(sample)`. */
export function countBy(samples, key) {
  const counts = {};
  for (const s of samples) {
    const k = key(s);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/**
 * What an answer means for the charts: a 2xx from the live dependency, 202 (payment queued),
 * a 2xx answered by a fallback (stale catalog, estimated stock), 4xx, 5xx, or no answer.
 */
export function outcomeOf(sample) {
  if (sample.status === 0) return 'no_answer';
  if (sample.status >= 500) return '5xx';
  if (sample.status >= 400) return '4xx';
  if (sample.status === 202) return '202';
  if (sample.kind === 'stale' || sample.kind === 'estimated') return 'degraded';
  return 'ok';
}
export const OUTCOMES = ['ok', '202', 'degraded', '4xx', '5xx', 'no_answer'];

export class SampleLog {
  samples = [];

  add(sample) {
    this.samples.push(sample);
  }

  /** Samples sent in [from, to), optionally of one route. */
  between(from, to, route) {
    return this.samples.filter(
      (s) => s.at >= from && s.at < to && (route === undefined || s.route === route),
    );
  }

  /** Samples answered in [from, to): what the live line shows each second. */
  answeredBetween(from, to) {
    return this.samples.filter((s) => s.at + s.ms >= from && s.at + s.ms < to);
  }

  /**
   * One row per second of the run: per route p50/p99 and count, and the outcome counts.
   * `seconds` is how many to make (the run's length, rounded up).
   */
  perSecond(seconds) {
    const buckets = Array.from({ length: seconds }, () => []);
    for (const s of this.samples) {
      const i = Math.floor(s.at / 1000);
      if (i >= 0 && i < seconds) buckets[i].push(s);
    }
    return buckets.map((bucket, i) => {
      const routes = {};
      for (const route of ROUTES)
        routes[route] = latencyOf(bucket.filter((s) => s.route === route && s.status !== 0));
      return { t: i * 1000, routes, outcomes: countBy(bucket, outcomeOf) };
    });
  }
}
