import type { ErrorPredicate } from '../classify/error-classifier.js';

/** How the delay between attempts grows. */
export type BackoffKind = 'exponential' | 'decorrelated' | 'exponential_no_jitter' | 'constant';

/** A token bucket that stops retries when a dependency fails a lot (gRPC retry throttling). */
export interface RetryBudgetOptions {
  /** Bucket size, in (0, 1000] as gRPC A6 allows; it starts full. @default 10 */
  maxTokens?: number;
  /** Tokens a success refunds (a counted failure costs 1), kept to three decimals; >= 0.001. @default 0.1 */
  tokenRatio?: number;
}

/** Retry settings. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 3 */
  maxAttempts?: number;
  /** Delay growth. @default 'exponential' (full jitter) */
  backoff?: BackoffKind;
  /** First delay, and the unit of growth. @default 100 */
  baseDelayMs?: number;
  /** No delay is longer; a Retry-After beyond it ends the retries. @default 5000 */
  maxDelayMs?: number;
  /** Which errors may be retried. @default isTransientError (network, timeouts, 5xx, 429) */
  isRetryable?: ErrorPredicate;
  /**
   * Which results to retry as if the attempt had failed: a 200 whose body says "pending", an
   * axios response whose `validateStatus` let a 503 through. Each costs a retry-budget token
   * like a failure. When attempts run out on one, the breaker counts the call as a failure
   * and the caller gets that last result (or, with `throwOnRejectedResult`, a
   * `ResultRejectedError` carrying it). @default none
   * @example
   * retryOnResult: (job: { status: string }) => job.status === 'pending'
   */
  retryOnResult?: (result: unknown) => boolean;
  /** Throw `ResultRejectedError` instead of returning the last rejected result. @default false */
  throwOnRejectedResult?: boolean;
  /** The budget shared by every call of this policy, or false for none. @default { maxTokens: 10, tokenRatio: 0.1 } */
  budget?: RetryBudgetOptions | false;
}
