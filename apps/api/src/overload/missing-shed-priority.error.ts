import { apiMessages } from '../api.messages.js';

/** Routes without a load-shedding priority, found at boot; names each as `Class#method`. */
export class MissingShedPriorityError extends Error {
  override readonly name = 'MissingShedPriorityError';

  constructor(readonly sites: string[]) {
    super(apiMessages.missingShedPriority(sites));
  }
}

/** Type guard for {@link MissingShedPriorityError}. */
export const isMissingShedPriorityError = (error: unknown): error is MissingShedPriorityError =>
  error instanceof MissingShedPriorityError;
