import { abortableSleep } from './abortable-sleep.js';
import type { Clock, Timer } from './clock.js';
import { TimerHeap } from './timer-heap.js';

/**
 * A clock that moves only when told to, for tests of time-dependent behaviour.
 * @example
 * const clock = new FakeClock();
 * const breaker = new CircuitBreakerPolicy('payments', { resetTimeoutMs: 10_000 }, { clock });
 * await clock.advanceAsync(10_000);
 */
export class FakeClock implements Clock {
  private readonly heap = new TimerHeap();
  private time: number;
  // How far the wall clock is from the monotonic one: moved only by stepWallClock.
  private wallOffset = 0;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  epochNow(): number {
    return this.time + this.wallOffset;
  }

  /** Steps the wall clock alone by `ms` (either way), as NTP does: no timer moves. */
  stepWallClock(ms: number): void {
    this.wallOffset += ms;
  }

  /** How many timers are scheduled and not yet run or cancelled. */
  get pendingTimers(): number {
    return this.heap.size;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return abortableSleep(this, ms, signal);
  }

  setTimer(ms: number, callback: () => void): Timer {
    return this.heap.push(this.time + Math.max(0, ms), callback);
  }

  /** Moves time forward by `ms`, running due timers in order, synchronously. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let entry = this.heap.popDue(target); entry; entry = this.heap.popDue(target)) {
      this.time = entry.at;
      entry.callback();
    }
    this.time = target;
  }

  /**
   * Moves time forward by `ms`, letting promise chains settle before and after each timer,
   * so code awaiting sleeps and timeouts progresses as it would in real time.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.time + ms;
    await flushMicrotasks();
    for (let entry = this.heap.popDue(target); entry; entry = this.heap.popDue(target)) {
      this.time = entry.at;
      entry.callback();
      await flushMicrotasks();
    }
    this.time = target;
    await flushMicrotasks();
  }
}

/** Lets every pending promise reaction run; setImmediate fires only after the microtask queue drains. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
