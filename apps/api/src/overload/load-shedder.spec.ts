import fc from 'fast-check';
import { LoadShedder, type ShedThresholds } from './load-shedder.js';
import type { OverloadSignal } from './overload-signal.js';
import type { SheddablePriority } from './route-priority.js';

/** A signal the test sets by hand. */
class FakeSignal implements OverloadSignal {
  eventLoopDelayMs = 0;
  inFlight = 1;
}

const thresholds: Record<SheddablePriority, ShedThresholds> = {
  browse: { maxEventLoopDelayMs: 50, maxInFlight: 200 },
  checkout: { maxEventLoopDelayMs: 200, maxInFlight: 400 },
};

describe('LoadShedder', () => {
  let signal: FakeSignal;
  let shedder: LoadShedder;

  beforeEach(() => {
    signal = new FakeSignal();
    shedder = new LoadShedder(signal, thresholds);
  });

  const served = () => ({
    browse: shedder.admits('browse'),
    checkout: shedder.admits('checkout'),
    never: shedder.admits('never'),
  });

  it('serves every priority while the process is within both thresholds of browsing', () => {
    Object.assign(signal, { eventLoopDelayMs: 50, inFlight: 200 });
    expect(served()).toEqual({ browse: true, checkout: true, never: true });
  });

  it('refuses browsing, and still serves checkout, once requests in flight pass its threshold', () => {
    signal.inFlight = 201;
    expect(served()).toEqual({ browse: false, checkout: true, never: true });
  });

  it('refuses browsing, and still serves checkout, once the event-loop delay passes its threshold', () => {
    signal.eventLoopDelayMs = 50.5;
    expect(served()).toEqual({ browse: false, checkout: true, never: true });
  });

  it('refuses checkout too once requests in flight pass its higher threshold', () => {
    signal.inFlight = 401;
    expect(served()).toEqual({ browse: false, checkout: false, never: true });
  });

  it('refuses checkout too once the event-loop delay passes its higher threshold', () => {
    signal.eventLoopDelayMs = 201;
    expect(served()).toEqual({ browse: false, checkout: false, never: true });
  });

  it('never refuses a never-shed route, however overloaded', () => {
    Object.assign(signal, { eventLoopDelayMs: 60_000, inFlight: 1_000_000 });
    expect(shedder.admits('never')).toBe(true);
  });

  it('reads the signal afresh on every decision: browsing is served again once the overload passes', () => {
    signal.inFlight = 250;
    expect(shedder.admits('browse')).toBe(false);
    signal.inFlight = 10;
    expect(shedder.admits('browse')).toBe(true);
  });
});

describe('LoadShedder (property)', () => {
  const limitsArb = fc
    .record({
      browseDelay: fc.integer({ min: 1, max: 1_000 }),
      checkoutDelay: fc.integer({ min: 1, max: 1_000 }),
      browseInFlight: fc.integer({ min: 1, max: 1_000 }),
      checkoutInFlight: fc.integer({ min: 1, max: 1_000 }),
    })
    // As the settings are validated at boot: checkout's thresholds are at least browsing's.
    .filter((l) => l.checkoutDelay >= l.browseDelay && l.checkoutInFlight >= l.browseInFlight);
  const signalArb = fc.record({
    eventLoopDelayMs: fc.double({ min: 0, max: 2_000, noNaN: true }),
    inFlight: fc.integer({ min: 0, max: 2_000 }),
  });

  it('whenever it refuses a checkout it refuses browsing too, at any overload and any valid thresholds', () => {
    fc.assert(
      fc.property(limitsArb, signalArb, (l, signal) => {
        const shedder = new LoadShedder(signal, {
          browse: { maxEventLoopDelayMs: l.browseDelay, maxInFlight: l.browseInFlight },
          checkout: { maxEventLoopDelayMs: l.checkoutDelay, maxInFlight: l.checkoutInFlight },
        });
        return shedder.admits('checkout') || !shedder.admits('browse');
      }),
    );
  });
});
