import { isTransientError, type ErrorPredicate } from '../classify/error-classifier.js';
import { retryAfterMsOf } from '../classify/retry-after.js';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { ResultRejectedError } from '../errors/result-rejected.error.js';
import { EventStream } from '../events/event-stream.js';
import { OptionReader } from '../options/option-readers.js';
import type { BackoffKind, RetryOptions } from './retry.options.js';
import { backoffDelay } from './backoff.js';
import { markRetriesExhausted } from './retries-exhausted.js';
import { RetryBudget } from './retry-budget.js';

/** Returned by {@link RetryPolicy.delayBeforeNext} when no further attempt may be made. */
export const STOP = -1;

/** Runtime dependencies of a retry policy. */
export interface RetryDeps {
  clock?: Clock;
  events?: EventStream;
  random?: () => number;
  /** A budget shared with other policies of the same dependency. */
  budget?: RetryBudget;
}

/** Decides whether and when to retry; the pipeline runs the attempts. */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly backoff: BackoffKind;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly isRetryable: ErrorPredicate;
  readonly retryOnResult: ((result: unknown) => boolean) | undefined;
  readonly throwOnRejectedResult: boolean;
  readonly budget: RetryBudget | undefined;
  private readonly clock: Clock;
  private readonly events: EventStream;
  private readonly random: () => number;

  constructor(
    readonly name: string,
    options: RetryOptions = {},
    deps: RetryDeps = {},
  ) {
    const read = new OptionReader(name, 'retry');
    this.maxAttempts = read.int('maxAttempts', options.maxAttempts, 3);
    this.backoff = read.oneOf(
      'backoff',
      options.backoff,
      ['exponential', 'decorrelated', 'exponential_no_jitter', 'constant'],
      'exponential',
    );
    this.baseDelayMs = read.number('baseDelayMs', options.baseDelayMs, 100);
    this.maxDelayMs = read.number('maxDelayMs', options.maxDelayMs, 5_000);
    this.isRetryable = options.isRetryable ?? isTransientError;
    this.retryOnResult = options.retryOnResult;
    this.throwOnRejectedResult = options.throwOnRejectedResult ?? false;
    this.budget =
      options.budget === false ? undefined : (deps.budget ?? new RetryBudget(name, options.budget));
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    this.random = deps.random ?? Math.random;
  }

  /** Records a successful attempt (refunds budget; reports a success after retries). */
  onSuccess(attempt: number): void {
    this.budget?.onSuccess();
    if (attempt > 1 && this.events.active) {
      this.events.emit({ type: 'retry_succeeded', policy: this.name, attempt });
    }
  }

  /** The failure standing for `result` when `retryOnResult` asks to retry it; else undefined. */
  rejectedResult(result: unknown): ResultRejectedError | undefined {
    return this.retryOnResult?.(result) ? ResultRejectedError.fast(this.name, result) : undefined;
  }

  /**
   * After attempt `attempt` failed with `error`: the delay before the next attempt, or
   * {@link STOP}. Stops for errors that may not be retried, when attempts or budget run out,
   * when the server asked for a longer wait than `maxDelayMs`, and when the next attempt
   * could not start before `deadlineAt`.
   */
  delayBeforeNext(error: unknown, attempt: number, previousDelayMs: number, deadlineAt?: number): number {
    const ownRejectedResult = error instanceof ResultRejectedError && error.policy === this.name;
    if (!ownRejectedResult && !this.isRetryable(error)) return STOP;
    this.budget?.onFailure();
    if (attempt >= this.maxAttempts) return this.giveUp(error);
    if (this.budget && !this.budget.allowsRetry) {
      if (this.events.active) {
        this.events.emit({ type: 'budget_denied', policy: this.name, attempt, tokens: this.budget.tokens });
      }
      return this.giveUp(error);
    }
    const now = this.clock.now();
    const asked = retryAfterMsOf(error, this.clock.epochNow());
    if (asked !== undefined && asked > this.maxDelayMs) return this.giveUp(error);
    const computed = backoffDelay(
      this.backoff,
      attempt,
      previousDelayMs,
      this.baseDelayMs,
      this.maxDelayMs,
      this.random,
    );
    const delay = Math.max(asked ?? 0, computed);
    if (deadlineAt !== undefined && now + delay >= deadlineAt) return this.giveUp(error);
    if (this.events.active) {
      this.events.emit({ type: 'retry_scheduled', policy: this.name, attempt, delayMs: delay, error });
    }
    return delay;
  }

  private giveUp(error: unknown): number {
    markRetriesExhausted(error);
    return STOP;
  }
}
