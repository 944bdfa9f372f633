import { messages } from './breaker-node.messages.js';

/**
 * What the simulated dependency fails with. It carries no HTTP status, so the breaker's
 * default predicate counts it as a failure.
 */
export class DependencyFailedError extends Error {
  override readonly name = 'DependencyFailedError';

  constructor() {
    super(messages.dependencyFailed());
  }
}

/** True when `error` is a {@link DependencyFailedError}. */
export function isDependencyFailedError(error: unknown): error is DependencyFailedError {
  return error instanceof DependencyFailedError;
}
