/** Aggregated outcomes over the most recent calls or seconds. */
export interface SlidingWindow {
  readonly total: number;
  readonly failed: number;
  readonly slow: number;
  record(failed: boolean, slow: boolean, now: number): void;
  /** Drops aged-out buckets; only time windows age. */
  refresh(now: number): void;
  reset(): void;
}

/** The last `size` calls, in a ring buffer. */
export class CountWindow implements SlidingWindow {
  total = 0;
  failed = 0;
  slow = 0;
  private readonly ring: Uint8Array;
  private next = 0;

  constructor(private readonly size: number) {
    this.ring = new Uint8Array(size);
  }

  record(failed: boolean, slow: boolean): void {
    const old = this.ring[this.next];
    if (this.total === this.size) {
      this.failed -= old & 1;
      this.slow -= old >> 1;
    } else {
      this.total++;
    }
    const bits = (failed ? 1 : 0) | (slow ? 2 : 0);
    this.ring[this.next] = bits;
    this.failed += bits & 1;
    this.slow += bits >> 1;
    this.next = (this.next + 1) % this.size;
  }

  refresh(): void {}

  reset(): void {
    this.ring.fill(0);
    this.total = this.failed = this.slow = this.next = 0;
  }
}

/** The calls of the last `seconds` seconds, in one-second buckets (as Resilience4j does). */
export class TimeWindow implements SlidingWindow {
  total = 0;
  failed = 0;
  slow = 0;
  private readonly totals: Uint32Array;
  private readonly failures: Uint32Array;
  private readonly slows: Uint32Array;
  private headSecond = -1;

  constructor(private readonly seconds: number) {
    this.totals = new Uint32Array(seconds);
    this.failures = new Uint32Array(seconds);
    this.slows = new Uint32Array(seconds);
  }

  record(failed: boolean, slow: boolean, now: number): void {
    this.refresh(now);
    const i = this.headSecond % this.seconds;
    this.totals[i]++;
    this.total++;
    if (failed) {
      this.failures[i]++;
      this.failed++;
    }
    if (slow) {
      this.slows[i]++;
      this.slow++;
    }
  }

  refresh(now: number): void {
    const second = Math.floor(now / 1000);
    if (this.headSecond < 0) {
      this.headSecond = second;
      return;
    }
    if (second <= this.headSecond) return;
    const stop = Math.min(second, this.headSecond + this.seconds);
    for (let s = this.headSecond + 1; s <= stop; s++) this.clear(s % this.seconds);
    this.headSecond = second;
  }

  reset(): void {
    this.totals.fill(0);
    this.failures.fill(0);
    this.slows.fill(0);
    this.total = this.failed = this.slow = 0;
  }

  private clear(i: number): void {
    this.total -= this.totals[i];
    this.failed -= this.failures[i];
    this.slow -= this.slows[i];
    this.totals[i] = this.failures[i] = this.slows[i] = 0;
  }
}
