import { messages } from './breaker-node.messages.js';

/** A command-line flag the node does not know, or one with a missing or bad value. */
export class InvalidFlagError extends Error {
  override readonly name = 'InvalidFlagError';
}

/** True when `error` is an {@link InvalidFlagError}. */
export function isInvalidFlagError(error: unknown): error is InvalidFlagError {
  return error instanceof InvalidFlagError;
}

/** An {@link InvalidFlagError} for a value that does not parse as `expected`. */
export function badFlagValue(flag: string, expected: string, got: string): InvalidFlagError {
  return new InvalidFlagError(messages.badFlagValue(flag, expected, got));
}
