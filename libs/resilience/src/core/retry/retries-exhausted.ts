// Errors a retry gave up on, kept aside rather than wrapped: callers still see (and may
// `instanceof`) the dependency's own last error.
const exhausted = new WeakSet<object>();

/** Records that a retry policy gave up on `error` (attempts, budget or deadline ran out). */
export function markRetriesExhausted(error: unknown): void {
  if (typeof error === 'object' && error !== null) exhausted.add(error);
}

/** True when a retry policy gave up on `error` after it was judged retryable. */
export function isRetriesExhausted(error: unknown): boolean {
  return typeof error === 'object' && error !== null && exhausted.has(error);
}
