import { messages } from '../resilience.messages.js';
import { defineErrorPrototype } from './fast-error.js';

/** Thrown when the caller's deadline leaves no time for (the rest of) an attempt. */
export class DeadlineExceededError extends Error {
  constructor(
    /** Name of the policy that found the deadline spent. */
    readonly policy: string,
    /** The deadline, in clock milliseconds. */
    readonly deadlineAt: number,
  ) {
    super(messages.deadlineExceeded(policy));
  }
}
defineErrorPrototype(DeadlineExceededError, 'DeadlineExceededError', (e) =>
  messages.deadlineExceeded(e.policy),
);

/** True when `error` is a {@link DeadlineExceededError}. */
export function isDeadlineExceededError(error: unknown): error is DeadlineExceededError {
  return error instanceof DeadlineExceededError;
}
