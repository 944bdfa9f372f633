import { setupMessages } from '../resilience.messages.js';

/** What a deadline header holds: an epoch time (`X-Request-Deadline`) or the milliseconds left (`X-Request-Timeout-Ms`). */
export type DeadlineHeaderFormat = 'epoch' | 'remaining';

/** Thrown at the HTTP edge for a malformed deadline header; an app maps it to 400. */
export class InvalidDeadlineError extends Error {
  override readonly name = 'InvalidDeadlineError';
  /** What the header should have held. */
  readonly format: DeadlineHeaderFormat;

  constructor(
    readonly header: string,
    readonly value: string,
    options: { format?: DeadlineHeaderFormat } = {},
  ) {
    const format = options.format ?? 'epoch';
    super(
      format === 'epoch'
        ? setupMessages.invalidDeadline(header, value)
        : setupMessages.invalidRemainingTime(header, value),
    );
    this.format = format;
  }
}

/** True when `error` is an {@link InvalidDeadlineError}. */
export function isInvalidDeadlineError(error: unknown): error is InvalidDeadlineError {
  return error instanceof InvalidDeadlineError;
}
