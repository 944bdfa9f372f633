import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock, type Clock, type Timer } from '@carta/resilience/core';

/** The part of Node's event-loop delay histogram the sampler uses (nanoseconds). */
export interface DelayHistogram {
  readonly count: number;
  enable(): unknown;
  disable(): unknown;
  reset(): void;
  percentile(percentile: number): number;
}

/** Settings of an {@link EventLoopDelaySampler}. */
export interface EventLoopDelaySamplerOptions {
  /** Length of one window, over which a p99 is taken. @default 1000 */
  windowMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS }) */
  histogram?: DelayHistogram;
}

/** Period of the timer whose lateness Node's histogram records. */
export const EVENT_LOOP_RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

/**
 * The event loop's delay, as a number the hot path can read for free: Node samples it natively
 * every 10 ms, and once per window this keeps the window's p99 and starts a new one. Node
 * records the timer's whole period, so the period is taken off: an idle loop reads 0.
 *
 * The reading is the lower of the last two windows' p99: a delay counts once it has lasted two
 * windows in a row. The p99 lets a GC pause pass; two windows let a one-off stall pass too (the
 * process's own boot, a host busy for a moment), which would otherwise shed a healthy process.
 */
export class EventLoopDelaySampler {
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly histogram: DelayHistogram;
  private timer: Timer | undefined;
  private windowStartedAt = 0;
  private lastWindowMs = 0;
  private previousWindowMs = 0;

  constructor(options: EventLoopDelaySamplerOptions = {}) {
    this.windowMs = options.windowMs ?? 1_000;
    this.clock = options.clock ?? systemClock;
    this.histogram = options.histogram ?? monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  }

  /** The delay in ms every one of the last two complete windows had at p99 (0 before two end). */
  get delayMs(): number {
    return Math.min(this.lastWindowMs, this.previousWindowMs);
  }

  /** Starts measuring; idempotent. */
  start(): void {
    if (this.timer) return;
    this.histogram.enable();
    this.openWindow();
  }

  /** Stops measuring and lets the process exit. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.histogram.disable();
  }

  private openWindow(): void {
    this.windowStartedAt = this.clock.now();
    this.timer = this.clock.setTimer(this.windowMs, this.closeWindow);
  }

  private readonly closeWindow = (): void => {
    // No sample at all: the loop never got to its 10 ms timer, stuck for the whole window.
    const p99Ms =
      this.histogram.count > 0
        ? this.histogram.percentile(99) / NS_PER_MS
        : this.clock.now() - this.windowStartedAt;
    this.previousWindowMs = this.lastWindowMs;
    this.lastWindowMs = Math.max(0, p99Ms - EVENT_LOOP_RESOLUTION_MS);
    this.histogram.reset();
    this.openWindow();
  };
}
