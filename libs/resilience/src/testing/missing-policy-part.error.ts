import { testingMessages } from './resilience-testing.messages.js';

/** Thrown by a testing helper when the policy lacks the part it drives (a breaker, a retry budget). */
export class MissingPolicyPartError extends Error {
  override readonly name = 'MissingPolicyPartError';

  constructor(
    readonly policy: string,
    readonly part: 'circuit breaker' | 'retry budget',
  ) {
    super(testingMessages.missingPart(policy, part));
  }
}

/** True when `error` is a {@link MissingPolicyPartError}. */
export function isMissingPolicyPartError(error: unknown): error is MissingPolicyPartError {
  return error instanceof MissingPolicyPartError;
}
