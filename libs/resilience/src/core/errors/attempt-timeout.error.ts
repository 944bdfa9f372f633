import { messages } from '../resilience.messages.js';
import { defineErrorPrototype } from './fast-error.js';

/** Thrown when one attempt exceeded its policy timeout; its AbortSignal has been aborted. */
export class AttemptTimeoutError extends Error {
  constructor(
    /** Name of the policy whose timeout fired. */
    readonly policy: string,
    /** The timeout that applied to the attempt. */
    readonly timeoutMs: number,
  ) {
    super(messages.attemptTimeout(policy, timeoutMs));
  }
}
defineErrorPrototype(AttemptTimeoutError, 'AttemptTimeoutError', (e) =>
  messages.attemptTimeout(e.policy, e.timeoutMs),
);

/** True when `error` is an {@link AttemptTimeoutError}. */
export function isAttemptTimeoutError(error: unknown): error is AttemptTimeoutError {
  return error instanceof AttemptTimeoutError;
}
