import { burstSettingsOf } from './burst-settings.js';
import { walkedPhases } from '../../test/support/walked-phases.js';
import { PHASES, BURST_PHASE } from './phases.js';
import type { MetricsValue, Reading } from './probes.js';
import {
  burstCheckouts,
  burstRefusals,
  eventLoopDelay,
  evaluateRate,
  rateReached,
  residentMemory,
} from './rate-targets.js';
import { SampleLog, type Sample } from './samples.js';
import type { SettledAudit } from './settle.js';
import { viewOf, type View } from './targets.js';

const phases = walkedPhases([...PHASES, BURST_PHASE]);
const at = (name: string, offsetMs: number): number =>
  (phases.find((p) => p.name === name)?.start ?? Number.NaN) + offsetMs;
const burst = burstSettingsOf({ lanes: [], rate: 800 });

function viewWith(samples: Partial<Sample>[]): View {
  const log = new SampleLog();
  for (const s of samples)
    log.add({ route: 'catalog', lane: 'catalog', replica: 0, at: 0, ms: 1, status: 200, kind: 'live', ...s });
  return viewOf({ phases, log, health: [], t0Wall: 0, audit: {} as SettledAudit, settleTimeoutMs: 0 });
}

const scrape = (t: number, value: Partial<MetricsValue>): Reading<MetricsValue> => ({
  t,
  status: 200,
  value: {
    bulkhead: {},
    breakers: {},
    queue: null,
    eventLoopDelayMs: null,
    rssBytes: null,
    inFlight: null,
    ...value,
  },
});

describe('the --rate targets', () => {
  it('passes the rate reached at 90% of the asked rate and fails it below, counting only the mixed lanes', () => {
    const end = phases.at(-1)?.end ?? 0;
    const seconds = end / 1000;
    const mixed = (perSecond: number) =>
      Array.from({ length: perSecond * seconds }, (_, i) => ({ at: (i * 1000) / perSecond }));
    const flood = Array.from({ length: 5000 }, (_, i) => ({ at: i, lane: 'inventory flood' }));
    expect(rateReached(viewWith([...mixed(90), ...flood]), { rate: 100 }).pass).toBe(true);
    const short = rateReached(viewWith([...mixed(89), ...flood]), { rate: 100 });
    expect(short.pass).toBe(false);
    expect(short.values?.reached).toBeCloseTo(89, 5);
  });

  it('judges the event-loop delay outside the flood and the burst (and 3 s after each) only', () => {
    const v = viewWith([]);
    const quiet = phases.flatMap((_, i) => [scrape(i * 10_000 + 500, { eventLoopDelayMs: 4 })]);
    const inFlood = scrape(at('inventory-flood', 5_000), { eventLoopDelayMs: 80 });
    const afterFlood = scrape(at('catalog-down-cached', 2_000), { eventLoopDelayMs: 60 });
    const inBurst = scrape(at('burst', 5_000), { eventLoopDelayMs: 90 });
    expect(eventLoopDelay(v, { metrics: [...quiet, inFlood, afterFlood, inBurst] }).pass).toBe(true);
    const late = scrape(at('catalog-down-cached', 4_000), { eventLoopDelayMs: 20 });
    const verdict = eventLoopDelay(v, { metrics: [...quiet, late] });
    expect(verdict).toMatchObject({ pass: false, latency: true, values: { highestMs: 20 } });
  });

  it('fails the event-loop delay when no reading was answered', () => {
    expect(eventLoopDelay(viewWith([]), { metrics: [scrape(1000, {})] }).pass).toBe(false);
  });

  it('judges resident memory growth from the first scrape to the last, against 50 MB', () => {
    const MB = 1024 * 1024;
    const grew = (mb: number) => [
      scrape(0, { rssBytes: 150 * MB }),
      scrape(50_000, { rssBytes: 260 * MB }),
      scrape(90_000, { rssBytes: (150 + mb) * MB }),
    ];
    expect(residentMemory(viewWith([]), { metrics: grew(49) })).toMatchObject({
      pass: true,
      values: { growthMb: 49, peakMb: 260 },
    });
    expect(residentMemory(viewWith([]), { metrics: grew(50) }).pass).toBe(false);
  });

  it('passes the burst refusals when most anonymous answers are 429 and every keyed browse answer 503', () => {
    const t = at('burst', 1000);
    const limited = { at: t, lane: 'burst anonymous', status: 429, kind: 'rate_limited', retryAfter: '1' };
    const shed = { at: t, status: 503, kind: 'overloaded', retryAfter: '1' };
    const pass = burstRefusals(viewWith([limited, limited, { ...shed, lane: 'burst anonymous' }, shed]), {
      burst,
    });
    expect(pass).toMatchObject({ pass: true, values: { limited: 2, anonymous: 3, shed: 1, browse: 1 } });
    const servedBrowse = burstRefusals(
      viewWith([limited, shed, { at: t, route: 'inventory', lane: 'inventory' }]),
      {
        burst,
      },
    );
    expect(servedBrowse.pass).toBe(false);
    const fewLimited = burstRefusals(viewWith([limited, { ...limited, status: 200, kind: 'live' }, shed]), {
      burst,
    });
    expect(fewLimited.pass).toBe(false);
  });

  it('fails the burst checkouts on a single keyed checkout refused, and ignores checkouts outside the burst', () => {
    const checkout = { route: 'checkout' as const, lane: 'checkout', status: 201, kind: 'confirmed' };
    const during = { ...checkout, at: at('burst', 500) };
    expect(burstCheckouts(viewWith([during, { ...during, status: 202 }])).pass).toBe(true);
    expect(burstCheckouts(viewWith([during, { ...during, status: 503, kind: 'overloaded' }])).pass).toBe(
      false,
    );
    expect(burstCheckouts(viewWith([{ ...checkout, at: at('recovery', 500), status: 500 }])).pass).toBe(
      false,
    );
  });

  it('marks the 429 and 503 answer times as latency targets, judged against 10 ms', () => {
    const t = at('burst', 1000);
    // 100 of each; one of each hundred slow: the p99 is the 99th, fast.
    const refusals = Array.from({ length: 200 }, (_, i) => ({
      at: t,
      ms: i < 198 ? 2 : 40,
      lane: 'burst anonymous',
      status: i % 2 ? 429 : 503,
      kind: i % 2 ? 'rate_limited' : 'overloaded',
      retryAfter: '1',
    }));
    const checks = evaluateRate(viewWith(refusals), { rate: 800, metrics: [], burst });
    const timed = checks.filter((c) => /p99 < 10 ms/.test(c.expected));
    expect(timed.map((c) => [c.latency, c.pass])).toEqual([
      [true, true],
      [true, true],
    ]);
    const slow = evaluateRate(viewWith(refusals.map((r) => ({ ...r, ms: 12 }))), {
      rate: 800,
      metrics: [],
      burst,
    });
    expect(slow.filter((c) => /p99 < 10 ms/.test(c.expected)).map((c) => c.pass)).toEqual([false, false]);
  });
});
