import { setupMessages } from '../resilience.messages.js';

/** Thrown at the HTTP edge for a malformed deadline header; an app maps it to 400. */
export class InvalidDeadlineError extends Error {
  override readonly name = 'InvalidDeadlineError';

  constructor(
    readonly header: string,
    readonly value: string,
  ) {
    super(setupMessages.invalidDeadline(header, value));
  }
}

/** True when `error` is an {@link InvalidDeadlineError}. */
export function isInvalidDeadlineError(error: unknown): error is InvalidDeadlineError {
  return error instanceof InvalidDeadlineError;
}
