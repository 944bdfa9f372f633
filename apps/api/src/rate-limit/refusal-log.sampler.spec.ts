import { FakeClock } from '@carta/resilience/core';
import { RefusalLogSampler } from './refusal-log.sampler.js';

function setup(maxLinesPerInterval = 20) {
  const clock = new FakeClock(0);
  return { clock, sampler: new RefusalLogSampler({ clock, intervalMs: 10_000, maxLinesPerInterval }) };
}

describe('RefusalLogSampler', () => {
  it("logs a client's first refusal of an interval only, then its first of the next", () => {
    const { clock, sampler } = setup();
    expect(sampler.sample('10.0.0.1')).toBe(0);
    expect(sampler.sample('10.0.0.1')).toBeUndefined();
    clock.advance(9_999);
    expect(sampler.sample('10.0.0.1')).toBeUndefined();
    clock.advance(1);
    expect(sampler.sample('10.0.0.1')).toBe(2);
  });

  it('logs each client apart', () => {
    const { sampler } = setup();
    expect(sampler.sample('10.0.0.1')).toBe(0);
    expect(sampler.sample('10.0.0.2')).toBe(0);
  });

  it('logs no more lines an interval than its cap, however many clients, and the next line says how many went unlogged', () => {
    const { clock, sampler } = setup(3);
    const logged = Array.from({ length: 100 }, (_, i) => sampler.sample(`10.0.1.${i}`)).filter(
      (n) => n !== undefined,
    );
    expect(logged).toHaveLength(3);
    clock.advance(10_000);
    expect(sampler.sample('10.0.2.1')).toBe(97);
  });
});
