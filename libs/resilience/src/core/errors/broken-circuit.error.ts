import { messages } from '../resilience.messages.js';
import { createFastError, defineErrorPrototype } from './fast-error.js';

/** Thrown instead of calling the dependency while a circuit breaker is open. */
export class BrokenCircuitError extends Error {
  /** Name of the breaker's policy. */
  declare readonly policy: string;
  /**
   * Milliseconds until the breaker may admit a call again (an estimate while a half-open probe
   * is out); null while an operator holds it `forced_open`, which lifts only by hand.
   */
  declare readonly retryAfterMs: number | null;

  constructor(policy: string, retryAfterMs: number | null) {
    super(messages.brokenCircuit(policy, retryAfterMs));
    Object.assign(this, { policy, retryAfterMs });
  }

  /** @internal A stackless instance for the fail-fast path. */
  static fast(policy: string, retryAfterMs: number | null): BrokenCircuitError {
    return createFastError(BrokenCircuitError, { policy, retryAfterMs });
  }
}
defineErrorPrototype(BrokenCircuitError, 'BrokenCircuitError', (e) =>
  messages.brokenCircuit(e.policy, e.retryAfterMs),
);

/** True when `error` is a {@link BrokenCircuitError}. */
export function isBrokenCircuitError(error: unknown): error is BrokenCircuitError {
  return error instanceof BrokenCircuitError;
}
