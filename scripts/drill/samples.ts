// Every answer the load got, and the figures made from them. Times are ms since the drill's
// t0 (performance.now()), `at` is the request's start: a request belongs to the phase and the
// second in which it was sent.

/** Routes the load drives, in display order. */
export const ROUTES = ['catalog', 'checkout', 'inventory'] as const;

/** One of {@link ROUTES}. */
export type Route = (typeof ROUTES)[number];

/** One answer (or its absence: status 0) the load got. */
export interface Sample {
  route: Route;
  /** The lane that sent it (its label). */
  lane: string;
  /** Which api it was sent to: the index in the stack's apiUrls (0 with one api). */
  replica: number;
  /** When the request was sent, ms since t0. */
  at: number;
  /** How long its answer took. */
  ms: number;
  /** HTTP status; 0 when no answer came (a timeout or a connection error). */
  status: number;
  /** The flag or error code the drill checks: `stale`, `estimated`, `confirmed`, an error code... */
  kind: string;
  /** A checkout's orderId, when its answer had one. */
  orderId?: string;
  /** The Retry-After header, or null. */
  retryAfter?: string | null;
  /** The api's own time from Server-Timing (`app;dur=`), or null. */
  serverMs?: number | null;
}

/** Latency figures of some samples (ms); null when there are none. */
export interface Latency {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentile of sorted numbers; null when there are none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** count, p50, p99, max of latencies (ms). */
export function latencyOf(samples: readonly Sample[]): Latency {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? null,
  };
}

/** Counts of each value of `key(sample)`. */
export function countBy<T>(
  samples: readonly T[],
  key: (sample: T) => string | number,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) {
    const k = key(s);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** What an answer means for the charts, in display order. */
export const OUTCOMES = ['ok', '202', 'degraded', 'limited', 'shed', '4xx', '5xx', 'no_answer'] as const;

/** One of {@link OUTCOMES}. */
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What an answer means for the charts: a 2xx from the live dependency, 202 (payment queued),
 * a 2xx answered by a fallback (stale catalog, estimated stock), a refusal by the rate limiter
 * (429) or the load shedder (503 overloaded), another 4xx, 5xx, or no answer.
 */
export function outcomeOf(sample: Sample): Outcome {
  if (sample.status === 0) return 'no_answer';
  if (sample.status === 429) return 'limited';
  if (sample.status === 503 && sample.kind === 'overloaded') return 'shed';
  if (sample.status >= 500) return '5xx';
  if (sample.status >= 400) return '4xx';
  if (sample.status === 202) return '202';
  if (sample.kind === 'stale' || sample.kind === 'estimated') return 'degraded';
  return 'ok';
}

/** One second of the run: per route latency, and the outcome counts. */
export interface Second {
  /** Its start, ms since t0. */
  t: number;
  routes: Record<Route, Latency>;
  outcomes: Partial<Record<Outcome, number>>;
}

export class SampleLog {
  readonly samples: Sample[] = [];

  add(sample: Sample): void {
    this.samples.push(sample);
  }

  /** Samples sent in [from, to), optionally of one route. */
  between(from: number, to: number, route?: Route): Sample[] {
    return this.samples.filter(
      (s) => s.at >= from && s.at < to && (route === undefined || s.route === route),
    );
  }

  /** Samples answered in [from, to): what the live line shows each second. */
  answeredBetween(from: number, to: number): Sample[] {
    return this.samples.filter((s) => s.at + s.ms >= from && s.at + s.ms < to);
  }

  /**
   * One row per second of the run: per route p50/p99 and count, and the outcome counts.
   * `seconds` is how many to make (the run's length, rounded up); `replica` keeps one api's.
   */
  perSecond(seconds: number, replica?: number): Second[] {
    const buckets = Array.from({ length: seconds }, (): Sample[] => []);
    for (const s of this.samples) {
      if (replica !== undefined && s.replica !== replica) continue;
      const i = Math.floor(s.at / 1000);
      if (i >= 0 && i < seconds) buckets[i].push(s);
    }
    return buckets.map((bucket, i) => {
      const routes = {} as Record<Route, Latency>;
      for (const route of ROUTES)
        routes[route] = latencyOf(bucket.filter((s) => s.route === route && s.status !== 0));
      return { t: i * 1000, routes, outcomes: countBy(bucket, outcomeOf) };
    });
  }
}
