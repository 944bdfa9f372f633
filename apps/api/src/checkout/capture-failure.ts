import { isBrokenCircuitError, isBulkheadRejectedError } from '@carta/resilience';
import { chargeRejectionStatusOf } from '../payments/charge-rejection.js';

/**
 * What the checkout worker does after an attempt failed:
 * - `wait`: payments was not called (breaker open, pool full); wait, spending no attempt;
 * - `decline`: payments answered with a rejection (a 4xx); the order fails now;
 * - `retry`: no definite answer (timeout, reset, 5xx); try again under the same key;
 * - `reconcile`: no definite answer on the last attempt; payments may have charged, so ask it
 *   before the order may fail.
 */
export type CaptureFailureStep = 'wait' | 'decline' | 'retry' | 'reconcile';

/** Where the failed attempt stands among the job's attempts. */
export interface CaptureFailureContext {
  /** True when the job has no attempt left after this one. */
  lastAttempt: boolean;
}

/** The step after a failed capture attempt: only a rejection fails an order without asking payments. */
export function nextStepAfterCaptureFailure(
  error: unknown,
  context: CaptureFailureContext,
): CaptureFailureStep {
  if (isBrokenCircuitError(error) || isBulkheadRejectedError(error)) return 'wait';
  if (chargeRejectionStatusOf(error) !== undefined) return 'decline';
  return context.lastAttempt ? 'reconcile' : 'retry';
}
