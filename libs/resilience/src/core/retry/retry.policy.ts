import { isTransientError, type ErrorPredicate } from '../classify/error-classifier.js';
import { retryAfterMsOf } from '../classify/retry-after.js';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { ResultRejectedError } from '../errors/result-rejected.error.js';
import { EventStream } from '../events/event-stream.js';
import { OptionReader } from '../options/option-readers.js';
import { mergePatch, type OptionsPatch } from '../options/options-patch.js';
import { messages } from '../resilience.messages.js';
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

/** A retry's effective settings (its predicates aside): options validated, defaults applied. */
export interface RetrySettings {
  readonly maxAttempts: number;
  readonly backoff: BackoffKind;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly throwOnRejectedResult: boolean;
}

// The one reading of the options, at construction and on reconfiguration alike.
function readRetrySettings(policy: string, options: RetryOptions): RetrySettings {
  const read = new OptionReader(policy, 'retry');
  return {
    maxAttempts: read.int('maxAttempts', options.maxAttempts, 3),
    backoff: read.oneOf(
      'backoff',
      options.backoff,
      ['exponential', 'decorrelated', 'exponential_no_jitter', 'constant'],
      'exponential',
    ),
    baseDelayMs: read.number('baseDelayMs', options.baseDelayMs, 100),
    maxDelayMs: read.number('maxDelayMs', options.maxDelayMs, 5_000),
    throwOnRejectedResult: options.throwOnRejectedResult ?? false,
  };
}

/** Decides whether and when to retry; the pipeline runs the attempts. */
export class RetryPolicy {
  readonly budget: RetryBudget | undefined;
  private readonly clock: Clock;
  private readonly events: EventStream;
  private readonly random: () => number;
  private options: RetryOptions;
  private settings: RetrySettings;

  constructor(
    readonly name: string,
    options: RetryOptions = {},
    deps: RetryDeps = {},
  ) {
    this.options = options;
    this.settings = readRetrySettings(name, options);
    this.budget =
      options.budget === false ? undefined : (deps.budget ?? new RetryBudget(name, options.budget));
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    this.random = deps.random ?? Math.random;
  }

  /** Attempts in all, the first included. */
  get maxAttempts(): number {
    return this.settings.maxAttempts;
  }

  /** How the delay between attempts grows. */
  get backoff(): BackoffKind {
    return this.settings.backoff;
  }

  /** First delay, and the unit of growth. */
  get baseDelayMs(): number {
    return this.settings.baseDelayMs;
  }

  /** No delay is longer. */
  get maxDelayMs(): number {
    return this.settings.maxDelayMs;
  }

  /** Which errors may be retried. */
  get isRetryable(): ErrorPredicate {
    return this.options.isRetryable ?? isTransientError;
  }

  /** Which results to retry as failures, if any. */
  get retryOnResult(): ((result: unknown) => boolean) | undefined {
    return this.options.retryOnResult;
  }

  /** Whether a rejected result that ends the retries is thrown instead of returned. */
  get throwOnRejectedResult(): boolean {
    return this.settings.throwOnRejectedResult;
  }

  /** Every setting in effect, defaults applied (the predicates aside). */
  get effectiveSettings(): RetrySettings {
    return this.settings;
  }

  /**
   * Changes settings at runtime (predicates included): `patch` merges into the current options
   * and is validated as at construction; an invalid one throws and changes nothing. Calls
   * already retrying follow the new settings from their next decision. `budget` reconfigures
   * the budget (see {@link RetryBudget.reconfigure}); a budget cannot be added or removed.
   */
  reconfigure(patch: OptionsPatch<RetryOptions>): void {
    this.prepareReconfigure(patch)();
  }

  /** Validates `patch` as {@link reconfigure} does and returns the function that applies it. */
  prepareReconfigure(patch: OptionsPatch<RetryOptions>): () => void {
    const { budget: budgetPatch, ...own } = patch;
    const options = { ...mergePatch(this.options, own), budget: this.options.budget };
    const settings = readRetrySettings(this.name, options);
    const applyBudget = this.prepareBudget(budgetPatch);
    return () => {
      this.options = options;
      this.settings = settings;
      applyBudget();
    };
  }

  private prepareBudget(patch: OptionsPatch<RetryOptions>['budget']): () => void {
    if (patch === undefined) return () => {};
    // Typed explicitly so its never-returning fail() narrows what follows.
    const read: OptionReader = new OptionReader(this.name, 'retry');
    if (this.budget === undefined) read.fail('budget', messages.sectionAddedAtRuntime());
    if (patch === false) read.fail('budget', messages.sectionRemovedAtRuntime());
    return this.budget.prepareReconfigure(patch ?? { maxTokens: null, tokenRatio: null });
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
    return this.options.retryOnResult?.(result) ? ResultRejectedError.fast(this.name, result) : undefined;
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
    const { maxAttempts, backoff, baseDelayMs, maxDelayMs } = this.settings;
    if (attempt >= maxAttempts) return this.giveUp(error);
    if (this.budget && !this.budget.allowsRetry) {
      if (this.events.active) {
        this.events.emit({ type: 'budget_denied', policy: this.name, attempt, tokens: this.budget.tokens });
      }
      return this.giveUp(error);
    }
    const now = this.clock.now();
    const asked = retryAfterMsOf(error, this.clock.epochNow());
    if (asked !== undefined && asked > maxDelayMs) return this.giveUp(error);
    const computed = backoffDelay(backoff, attempt, previousDelayMs, baseDelayMs, maxDelayMs, this.random);
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
