// The targets --rate adds: the rate reached, the api's event-loop delay and resident memory
// over the run, and the burst's refusals (429 from the rate limiter, 503 from the shedder).
import type { BurstSettings } from './burst-settings.js';
import type { MetricsValue, Reading } from './probes.js';
import { latencyOf, percentile, ROUTES, type Sample } from './samples.js';
import { answered, is5xx, MS, statuses, type Interval, type Verdict, type View } from './targets.js';

/** The event-loop delay target, ms: a healthy shop's, well under the browse shed threshold. */
export const EVENT_LOOP_DELAY_LIMIT_MS = 20;
/** The resident memory growth target, from the first scrape to the last. */
export const RSS_GROWTH_LIMIT_MB = 50;
/** The rate limiter's and the shedder's answers, p99. */
export const REFUSAL_LIMIT_MS = 10;
/** Part of the asked rate the mixed lanes must reach. */
export const RATE_REACHED_SHARE = 0.9;
/**
 * After a flood or a burst ends, how long its event-loop delay may still show: the shedder's
 * reading is the lower of the last two 1 s windows, and the scrape comes each second.
 */
const DELAY_AFTERGLOW_MS = 3_000;

const MB = 1024 * 1024;

/** What the --rate checks read beside the {@link View}. */
export interface RateInput {
  /** Requests a second asked of the mixed lanes. */
  rate: number;
  /** The api's /metrics scrapes. */
  metrics: readonly Reading<MetricsValue>[];
  burst: BurstSettings;
}

// The mixed lanes' samples: their lanes are labelled by their route (the flood's and the burst's are not).
const isMixed = (s: Sample): boolean => (ROUTES as readonly string[]).includes(s.lane);

/** The mixed lanes' answered requests a second, from the baseline to the end of the burst. */
export function rateReached(v: View, { rate }: Pick<RateInput, 'rate'>): Verdict {
  const from = v.phase.baseline.start;
  const to = v.phase.burst.end;
  const perSecond = (a: number, b: number) =>
    answered(v.log.between(a, b).filter(isMixed)).length / ((b - a) / 1000);
  const reached = perSecond(from, to);
  const baseline = perSecond(v.phase.baseline.start, v.phase.baseline.end);
  const limit = RATE_REACHED_SHARE * rate;
  return {
    phase: 'run',
    expected: `target: the mixed lanes reach at least ${RATE_REACHED_SHARE * 100}% of the asked ${rate} requests/s (answered, baseline to burst)`,
    observed: `${reached.toFixed(0)} requests/s answered over ${((to - from) / 1000).toFixed(0)} s (baseline alone ${baseline.toFixed(0)}/s); asked ${rate}/s`,
    pass: reached >= limit,
    values: { asked: rate, reached, baselineRate: baseline },
  };
}

/** Readings taken in the run's judged phases, outside `excluded` (each widened by the afterglow). */
function readingsOutside(
  metrics: readonly Reading<MetricsValue>[],
  run: Interval,
  excluded: readonly Interval[],
): number[] {
  return metrics
    .filter(
      (m) =>
        m.t >= run.from &&
        m.t < run.to &&
        !excluded.some((e) => m.t >= e.from && m.t < e.to + DELAY_AFTERGLOW_MS),
    )
    .flatMap((m) => (m.value?.eventLoopDelayMs == null ? [] : [m.value.eventLoopDelayMs]));
}

/** The api's event-loop delay outside the inventory flood and the burst. */
export function eventLoopDelay(v: View, { metrics }: Pick<RateInput, 'metrics'>): Verdict {
  const window = (name: 'inventory-flood' | 'burst'): Interval => ({
    from: v.phase[name].start,
    to: v.phase[name].end,
  });
  const delays = readingsOutside(metrics, { from: v.phase.baseline.start, to: v.phase.burst.end }, [
    window('inventory-flood'),
    window('burst'),
  ]).sort((a, b) => a - b);
  const highest = delays.at(-1) ?? null;
  return {
    phase: 'run',
    expected:
      `target: the api's event-loop delay p99 < ${EVENT_LOOP_DELAY_LIMIT_MS} ms outside the inventory flood and the burst ` +
      '(nodejs_eventloop_delay_seconds each second: a 1 s window p99, the lower of the last two; every reading judged)',
    observed: `highest ${MS(highest)}, median ${MS(percentile(delays, 0.5))} over ${delays.length} readings`,
    pass: highest !== null && highest < EVENT_LOOP_DELAY_LIMIT_MS,
    latency: true,
    values: { highestMs: highest, medianMs: percentile(delays, 0.5), readings: delays.length },
  };
}

/** The api's resident memory from the first scrape to the last. */
export function residentMemory(_v: View, { metrics }: Pick<RateInput, 'metrics'>): Verdict {
  const rss = metrics.flatMap((m) => (m.value?.rssBytes == null ? [] : [m.value.rssBytes / MB]));
  const first = rss.at(0) ?? null;
  const last = rss.at(-1) ?? null;
  const growth = first === null || last === null ? null : last - first;
  const peak = rss.length > 0 ? Math.max(...rss) : null;
  const mb = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(0)} MB`);
  return {
    phase: 'run',
    expected: `target: the api's resident memory grows less than ${RSS_GROWTH_LIMIT_MB} MB from the first /metrics scrape (as the load starts) to the last (orders settled)`,
    observed: `${mb(first)} -> ${mb(last)}: ${growth === null ? 'n/a' : `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`}; peak ${mb(peak)} over ${rss.length} scrapes`,
    pass: growth !== null && growth < RSS_GROWTH_LIMIT_MB,
    values: { firstMb: first, lastMb: last, growthMb: growth, peakMb: peak },
  };
}

const anonymousOf = (v: View, burst: BurstSettings): Sample[] => {
  const labels = burst.anonymousLanes.map((lane) => lane.label ?? lane.route);
  return answered(v.inPhase('burst')).filter((s) => labels.includes(s.lane));
};
const rateLimited = (s: Sample): boolean =>
  s.status === 429 && s.kind === 'rate_limited' && s.retryAfter != null;
const overloaded = (s: Sample): boolean =>
  s.status === 503 && s.kind === 'overloaded' && s.retryAfter != null;

/** The anonymous lanes are refused 429, and every keyed browse request 503, while the burst lasts. */
export function burstRefusals(v: View, { burst }: Pick<RateInput, 'burst'>): Verdict {
  const anonymous = anonymousOf(v, burst);
  const limited = anonymous.filter(rateLimited);
  const browse = answered(v.inPhase('burst')).filter((s) => isMixed(s) && s.route !== 'checkout');
  const shed = browse.filter(overloaded);
  const { burst: size, perSecond } = burst.anonymousLimits;
  return {
    phase: 'burst',
    expected:
      `target: anonymous clients sending ${totalLaneRate(burst)}/s against their limit (${size} at once, ${perSecond}/s) ` +
      'are mostly refused (over half) 429 rate_limited with Retry-After; with the crowd holding ' +
      `${burst.crowd} requests (SHED_BROWSE_MAX_IN_FLIGHT ${burst.browseMaxInFlight}), every keyed browse ` +
      'request answers 503 overloaded with Retry-After',
    observed: [
      `anonymous ${limited.length}/${anonymous.length} 429 rate_limited (${statuses(anonymous)})`,
      `keyed browse ${shed.length}/${browse.length} 503 overloaded (${statuses(browse)})`,
    ].join('; '),
    pass:
      anonymous.length > 0 &&
      limited.length > anonymous.length / 2 &&
      browse.length > 0 &&
      shed.length === browse.length,
    values: {
      limited: limited.length,
      anonymous: anonymous.length,
      shed: shed.length,
      browse: browse.length,
    },
  };
}

const totalLaneRate = (burst: BurstSettings): number =>
  burst.anonymousLanes.reduce((sum, lane) => sum + lane.rate, 0);

/** How fast the limiter's or the shedder's refusals in the burst were answered. */
const refusalLatency =
  (what: 'rate limiter' | 'shedder') =>
  (v: View): Verdict => {
    const refusals = answered(v.inPhase('burst')).filter(what === 'rate limiter' ? rateLimited : overloaded);
    const l = latencyOf(refusals);
    const answer = what === 'rate limiter' ? '429 rate_limited' : '503 overloaded';
    return {
      phase: 'burst',
      expected: `target: the ${what}'s ${answer} answers in the burst: p99 < ${REFUSAL_LIMIT_MS} ms`,
      observed: `${l.count} answered, p50/p99 ${MS(l.p50)}/${MS(l.p99)}, max ${MS(l.max)}`,
      pass: l.count > 0 && l.p99 !== null && l.p99 < REFUSAL_LIMIT_MS,
      latency: true,
      values: { count: l.count, p99: l.p99 },
    };
  };

/** Checkouts within their limits (the keyed lane) keep succeeding through the burst. */
export function burstCheckouts(v: View): Verdict {
  const checkouts = v.inPhase('burst', 'checkout').filter(isMixed);
  const placed = checkouts.filter((s) => s.status === 201 || s.status === 202);
  const l = latencyOf(answered(checkouts));
  return {
    phase: 'burst',
    expected:
      'target: keyed checkouts (within their limits) keep answering 201/202 through the burst; no 5xx',
    observed: `checkouts ${placed.length}/${checkouts.length} 201/202 (${statuses(checkouts)}), p50/p99 ${MS(l.p50)}/${MS(l.p99)}; 5xx ${checkouts.filter(is5xx).length}`,
    pass: checkouts.length > 0 && placed.length === checkouts.length,
    values: { placed: placed.length, checkouts: checkouts.length },
  };
}

/** The --rate checks, in order: the run's, then the burst's. */
export function evaluateRate(v: View, input: RateInput): Verdict[] {
  return [
    rateReached(v, input),
    eventLoopDelay(v, input),
    residentMemory(v, input),
    burstRefusals(v, input),
    refusalLatency('rate limiter')(v),
    refusalLatency('shedder')(v),
    burstCheckouts(v),
  ];
}
