import { FakeClock } from '@carta/resilience/testing';
import { EventLoopDelaySampler, type DelayHistogram } from './event-loop-delay.sampler.js';

const MS = 1e6;

/** Node's histogram stand-in: the test sets the p99 it reports, in nanoseconds. */
class FakeHistogram implements DelayHistogram {
  p99Ns = 0;
  count = 100;
  enabled = false;
  resets = 0;
  enable(): void {
    this.enabled = true;
  }
  disable(): void {
    this.enabled = false;
  }
  reset(): void {
    this.resets++;
    this.p99Ns = 0;
    this.count = 100;
  }
  percentile(percentile: number): number {
    if (percentile !== 99) throw new Error(`asked for p${percentile}`);
    return this.p99Ns;
  }
}

describe('EventLoopDelaySampler', () => {
  let clock: FakeClock;
  let histogram: FakeHistogram;
  let sampler: EventLoopDelaySampler;

  beforeEach(() => {
    clock = new FakeClock();
    histogram = new FakeHistogram();
    sampler = new EventLoopDelaySampler({ windowMs: 1_000, clock, histogram });
    sampler.start();
  });

  afterEach(() => sampler.stop());

  /** Ends one window whose p99 Node's histogram reports as `ms`. */
  const window = (ms: number) => {
    histogram.p99Ns = ms * MS;
    clock.advance(1_000);
  };

  it('reads 0 until two windows have ended, however late the loop runs meanwhile', () => {
    window(300);
    clock.advance(999);
    expect(sampler.delayMs).toBe(0);
  });

  it('reads the p99 two windows in a row reached, beyond the 10 ms sampling period, starting a new window each time', () => {
    window(75);
    window(95);
    expect(sampler.delayMs).toBe(65);
    expect(histogram.resets).toBe(2);
  });

  it('lets a one-off stall pass: one late window between calm ones never reads as delayed', () => {
    window(12);
    window(400);
    expect(sampler.delayMs).toBe(2);
    window(12);
    expect(sampler.delayMs).toBe(2);
  });

  it('reads a window without a single sample (the loop stuck throughout) as delayed by the whole window', () => {
    histogram.count = 0;
    clock.advance(1_400);
    histogram.count = 0;
    clock.advance(1_000);
    expect(sampler.delayMs).toBe(990);
  });

  it('reads an idle loop (samples at about the sampling period) as no delay', () => {
    window(9.8);
    window(10.2);
    expect(sampler.delayMs).toBe(0);
  });

  it('keeps its reading for a whole window, then follows the loop as it recovers', () => {
    window(210);
    window(110);
    clock.advance(999);
    expect(sampler.delayMs).toBe(100);
    histogram.p99Ns = 30 * MS;
    clock.advance(1);
    expect(sampler.delayMs).toBe(20);
  });

  it('stops sampling when stopped: no timer left to hold the process, the histogram disabled', () => {
    sampler.stop();
    expect(clock.pendingTimers).toBe(0);
    expect(histogram.enabled).toBe(false);
  });

  it('measures the real event loop by default: a loop busy in 60 ms stretches, window after window, reads as delayed', async () => {
    const real = new EventLoopDelaySampler({ windowMs: 100 });
    real.start();
    try {
      // Overload as the loop sees it: every turn runs 60 ms of work. Read while it lasts, so
      // the last complete window is a busy one.
      const until = Date.now() + 600;
      while (Date.now() < until) {
        const busyUntil = Date.now() + 60;
        while (Date.now() < busyUntil);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(real.delayMs).toBeGreaterThan(30);
    } finally {
      real.stop();
    }
  });
});
