/** Thrown at boot when a decorator is misused: unknown policy, non-async method, wrong scope. */
export class ResilienceSetupError extends Error {
  override readonly name = 'ResilienceSetupError';
}
