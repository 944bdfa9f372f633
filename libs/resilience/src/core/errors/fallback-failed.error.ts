import { messages } from '../resilience.messages.js';

/**
 * Thrown when a fallback itself fails: `cause` is the original error, `fallbackError` what
 * the fallback threw, so neither is swallowed.
 */
export class FallbackFailedError extends Error {
  override readonly name = 'FallbackFailedError';

  constructor(
    /** Name of the policy whose fallback failed. */
    readonly policy: string,
    /** The error that made the fallback run. */
    override readonly cause: unknown,
    /** The error the fallback threw. */
    readonly fallbackError: unknown,
  ) {
    super(messages.fallbackFailed(policy, describe(fallbackError)), { cause });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when `error` is a {@link FallbackFailedError}. */
export function isFallbackFailedError(error: unknown): error is FallbackFailedError {
  return error instanceof FallbackFailedError;
}
