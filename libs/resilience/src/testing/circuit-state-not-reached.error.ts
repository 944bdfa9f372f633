import type { BreakerState } from '../core/index.js';

/** What {@link CircuitStateNotReachedError} reports. */
export interface CircuitStateNotReached {
  policy: string;
  /** The state the helper drives the breaker to. */
  expected: BreakerState;
  /** The state the breaker is in. */
  actual: BreakerState;
  message: string;
}

/** Thrown by `openCircuit` / `halfOpenCircuit` when the breaker does not reach the state they drive it to. */
export class CircuitStateNotReachedError extends Error {
  override readonly name = 'CircuitStateNotReachedError';
  readonly policy: string;
  readonly expected: BreakerState;
  readonly actual: BreakerState;

  constructor(details: CircuitStateNotReached) {
    super(details.message);
    this.policy = details.policy;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** True when `error` is a {@link CircuitStateNotReachedError}. */
export function isCircuitStateNotReachedError(error: unknown): error is CircuitStateNotReachedError {
  return error instanceof CircuitStateNotReachedError;
}
