/** How loaded the process is now, as the load shedder reads it. */
export interface OverloadSignal {
  /** Event-loop delay in ms: the p99 the last two sampling windows both reached, beyond the timer's period. */
  readonly eventLoopDelayMs: number;
  /** Requests received and not yet answered (or given up on by their client), the one judged included. */
  readonly inFlight: number;
}
