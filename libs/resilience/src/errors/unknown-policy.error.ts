import { setupMessages } from '../resilience.messages.js';

/** Thrown by `PolicyRegistry.get` for a name that is not configured. */
export class UnknownPolicyError extends Error {
  override readonly name = 'UnknownPolicyError';

  constructor(
    readonly policy: string,
    readonly part?: string,
  ) {
    super(setupMessages.unknownPolicyAtRuntime(policy, part));
  }
}
