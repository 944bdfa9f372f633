import { messages } from '../resilience.messages.js';

/** Thrown at construction (so at boot) when a policy's options are out of range. */
export class InvalidPolicyConfigError extends Error {
  override readonly name = 'InvalidPolicyConfigError';

  constructor(
    /** The policy whose options are wrong. */
    readonly policy: string,
    /** The option, as a dotted path. */
    readonly path: string,
    /** What is wrong with it, as a predicate: "must be a number > 0, got 0". */
    readonly problem: string,
  ) {
    super(messages.invalidOption(policy, path, problem));
  }
}

/** True when `error` is an {@link InvalidPolicyConfigError}. */
export function isInvalidPolicyConfigError(error: unknown): error is InvalidPolicyConfigError {
  return error instanceof InvalidPolicyConfigError;
}
