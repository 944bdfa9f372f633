import { PHASES, phaseSeconds, RATE_WARMUP_S } from './phases.js';

const warmup = PHASES.find((p) => p.name === 'warmup')!;
const baseline = PHASES.find((p) => p.name === 'baseline')!;

describe('phaseSeconds', () => {
  it("lasts each phase as its table says when the drill runs at the runbook's own load", () => {
    expect(phaseSeconds(warmup, { mode: 'full', rate: null })).toBe(warmup.seconds.full);
    expect(phaseSeconds(warmup, { mode: 'quick', rate: null })).toBe(warmup.seconds.quick);
    expect(phaseSeconds(baseline, { mode: 'full', rate: null })).toBe(baseline.seconds.full);
  });

  it('warms up at least RATE_WARMUP_S at a rate, in either mode, and leaves the other phases as they are', () => {
    expect(RATE_WARMUP_S).toBeGreaterThan(warmup.seconds.full);
    expect(phaseSeconds(warmup, { mode: 'full', rate: 800 })).toBe(RATE_WARMUP_S);
    expect(phaseSeconds(warmup, { mode: 'quick', rate: 800 })).toBe(RATE_WARMUP_S);
    expect(phaseSeconds(baseline, { mode: 'full', rate: 800 })).toBe(baseline.seconds.full);
    expect(phaseSeconds(baseline, { mode: 'quick', rate: 800 })).toBe(baseline.seconds.quick);
  });
});
