import { abortableSleep } from './abortable-sleep.js';
import type { Clock, Timer } from './clock.js';
import { TimerHeap } from './timer-heap.js';

// `performance` is read through the global each time (not a captured reference) so test fake
// timers apply: they install a performance object of their own, with its own timeOrigin.
// timeOrigin is a getter costing about 10 ns a read on Node 20, on every timed call: it is read
// again only when the object changes.
let originOf: typeof performance | undefined;
let origin = 0;
const monotonicNow = (): number => {
  const perf = performance;
  if (perf !== originOf) {
    originOf = perf;
    origin = perf.timeOrigin;
  }
  return origin + perf.now();
};

/**
 * Monotonic time (`performance.now()`, offset to the epoch time of process start), with all
 * timers multiplexed onto one unref'd Node timer. Node's own timers are monotonic too, so a
 * wall-clock step moves nothing here; only {@link epochNow} follows it.
 */
export class SystemClock implements Clock {
  private readonly heap = new TimerHeap();
  private handle: NodeJS.Timeout | undefined;
  private armedAt = Infinity;

  now(): number {
    return monotonicNow();
  }

  epochNow(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return abortableSleep(this, ms, signal);
  }

  setTimer(ms: number, callback: () => void): Timer {
    const entry = this.heap.push(monotonicNow() + ms, callback);
    // A timer armed earlier than this entry fires, finds it not due and re-arms: cheaper
    // than clearTimeout on every cancel.
    if (entry.at < this.armedAt) this.arm(entry.at);
    return entry;
  }

  private arm(at: number): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.armedAt = at;
    this.handle = setTimeout(this.fire, Math.max(0, at - monotonicNow()));
    this.handle.unref();
  }

  private readonly fire = (): void => {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = monotonicNow();
    for (let entry = this.heap.popDue(now); entry; entry = this.heap.popDue(now)) {
      entry.callback();
    }
    // A callback above may have armed the Node timer for its own, later entry: re-arm for
    // the earliest one left, or entries due before it would wait for it.
    const next = this.heap.peek();
    if (next !== undefined && next.at < this.armedAt) this.arm(next.at);
  };
}

/** The clock policies use when none is given. */
export const systemClock: Clock = new SystemClock();
