import { messages } from '../resilience.messages.js';
import { createFastError, defineErrorPrototype } from './fast-error.js';

/**
 * An attempt whose answer `retry.retryOnResult` asked to retry (a 200 saying "pending", say).
 * The breaker hears it as a failure when retries run out on it; the caller gets it only with
 * `retry.throwOnRejectedResult`, and the last result otherwise.
 */
export class ResultRejectedError extends Error {
  /** Name of the policy whose retry rejected the result. */
  declare readonly policy: string;
  /** The result it rejected. */
  declare readonly result: unknown;

  constructor(policy: string, result: unknown) {
    super(messages.resultRejected(policy));
    Object.assign(this, { policy, result });
  }

  /** @internal A stackless instance: the retry makes one per rejected result. */
  static fast(policy: string, result: unknown): ResultRejectedError {
    return createFastError(ResultRejectedError, { policy, result });
  }
}
defineErrorPrototype(ResultRejectedError, 'ResultRejectedError', (e) => messages.resultRejected(e.policy));

/** True when `error` is a {@link ResultRejectedError}. */
export function isResultRejectedError(error: unknown): error is ResultRejectedError {
  return error instanceof ResultRejectedError;
}
