/** A scheduled callback that can be cancelled. */
export interface Timer {
  /** Cancels the callback; a no-op once it has run. */
  cancel(): void;
}

/**
 * Time as the policies see it. Everything time-dependent takes one, so tests drive
 * state machines with a {@link FakeClock} instead of sleeping.
 */
export interface Clock {
  /**
   * Milliseconds on a monotonic clock: every timer, duration and deadline runs on it, so a
   * wall-clock step (NTP, a VM resuming) neither fires timers early nor holds them back.
   * {@link SystemClock} starts it at the epoch time of process start.
   */
  now(): number;
  /**
   * Milliseconds since the epoch by the wall clock, which may jump. Only for absolute times
   * other hosts read or write: deadline headers and `Retry-After` dates.
   */
  epochNow(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `callback` once after `ms`; cheaper than a promise when it is usually cancelled. */
  setTimer(ms: number, callback: () => void): Timer;
}

/** The `clock.now()` time of an epoch time (a deadline header, say). */
export function fromEpoch(clock: Clock, epochMs: number): number {
  return clock.now() + (epochMs - clock.epochNow());
}

/** The epoch time of a `clock.now()` time, for a header or a log line. */
export function toEpoch(clock: Clock, clockMs: number): number {
  return clock.epochNow() + (clockMs - clock.now());
}
