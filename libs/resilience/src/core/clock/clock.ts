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
  /** Milliseconds since the epoch (or any fixed origin, consistently). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `callback` once after `ms`; cheaper than a promise when it is usually cancelled. */
  setTimer(ms: number, callback: () => void): Timer;
}
