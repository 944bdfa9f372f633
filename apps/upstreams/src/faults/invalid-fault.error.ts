import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** A fault setting with a bad value or an unknown name; the message names the field. */
export class InvalidFaultError extends UpstreamError {
  override readonly name = 'InvalidFaultError';
  readonly code = 'invalid_fault';

  constructor(
    /** The field at fault, or `body` when the whole value is not an object. */
    readonly field: string,
    /** What the field must be, as in "must be a number from 0 to 1". */
    readonly requirement: string,
  ) {
    super(messages.invalidValue(field, requirement));
  }
}

/** True when `error` is an {@link InvalidFaultError}. */
export function isInvalidFaultError(error: unknown): error is InvalidFaultError {
  return error instanceof InvalidFaultError;
}
