import { messages } from '../upstreams.messages.js';

/** An environment variable the simulator cannot start with. */
export class InvalidEnvError extends Error {
  override readonly name = 'InvalidEnvError';

  constructor(
    readonly variable: string,
    requirement: string,
    got: string,
  ) {
    super(messages.invalidEnv(variable, requirement, got));
  }
}

/** True when `error` is an {@link InvalidEnvError}. */
export function isInvalidEnvError(error: unknown): error is InvalidEnvError {
  return error instanceof InvalidEnvError;
}
