/** The snake_case codes the simulator answers errors with, in the body's `error` field. */
export type UpstreamErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'not_found'
  | 'product_not_found'
  | 'insufficient_stock'
  | 'reservation_not_found'
  | 'idempotency_key_required'
  | 'idempotency_key_mismatch'
  | 'charge_not_found'
  | 'invalid_fault'
  | 'unknown_dependency';

/**
 * An error a simulated service answers on purpose. It names its code only: the exception
 * filter owns the HTTP status, so domain code never depends on HTTP.
 */
export abstract class UpstreamError extends Error {
  /** The body's `error` field. */
  abstract readonly code: UpstreamErrorCode;
}

/** True when `error` is an {@link UpstreamError}. */
export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
