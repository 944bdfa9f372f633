import { AsyncResource } from 'node:async_hooks';
import { isResilienceRejection } from '../classify/error-classifier.js';
import type { BulkheadWaiter } from '../bulkhead/bulkhead.policy.js';
import type { Timer } from '../clock/clock.js';
import { Attempt, type NestedCall } from '../context/attempt.js';
import { runInScope } from '../context/resilience-scope.js';
import { ResultRejectedError } from '../errors/result-rejected.error.js';
import { STOP } from '../retry/retry.policy.js';
import { DEADLINE_PASSED, type TimedAttempt } from '../timeout/timeout.policy.js';
import type { TimeoutQueue } from '../timeout/timeout-queue.js';
import type { AttemptFn } from './attempt-fn.js';
import type { CallStages } from './call-stages.js';
import type { CancelSignal } from './cancel-signal.js';

/**
 * One logical call through the stages, as a state machine settling one promise: it sequences
 * attempts, the caller's abort and async context, and asks each stage what to do through
 * that stage's own API. Written without async functions because each await level costs
 * ~50 ns and a promise of its own.
 */
export class PipelineCall<T> implements TimedAttempt, NestedCall {
  // TimedAttempt: the timeout stage keeps the running attempt's timing here.
  dueAt = 0;
  prevTimeout: TimedAttempt | undefined;
  nextTimeout: TimedAttempt | undefined;
  queuedIn: TimeoutQueue | undefined;
  limitMs = Infinity;
  limitedByDeadline = false;
  deadlineTimer: Timer | undefined;

  private attempt: Attempt | undefined;
  private attempts = 0;
  private previousDelay = 0;
  private started = 0;
  private waiter: BulkheadWaiter | undefined;
  private backoffTimer: Timer | undefined;
  private done = false;
  private cancelled = false;
  // Whether attempts run in their own async scope; see start().
  private scoped = false;
  private synchronous = true;
  private abortListener: (() => void) | undefined;
  // The last error a real attempt failed with: what the breaker hears when the call then
  // ends in one of our own rejections (deadline spent, bulkhead full), since those alone
  // would hide a dependency that timed out or 503'd. Declared, not initialised: the happy
  // path never pays for the store.
  private attemptError?: unknown;
  // The caller's async context, for attempts that resume from a timer or from another call
  // releasing a bulkhead slot: they must see this caller's AsyncLocalStorage stores (its
  // request deadline, say), not those of whoever armed the timer or released the slot.
  private resource: AsyncResource | undefined;

  // The caller's side of the call, set by the pipeline before start(): fields rather than an
  // options object, since this is allocated once per call on the hot path.
  /** The call's deadline (clock ms), if any. */
  deadlineAt: number | undefined;
  /** The caller's signal, if any. */
  signal: CancelSignal | undefined;
  /** The attempt of an outer call this one was made in: aborting it cancels this call. */
  parent: Attempt | undefined;
  /** The breaker's ticket for this call (0 without a breaker). */
  ticket = 0;

  constructor(
    private readonly stages: CallStages,
    private readonly fn: AttemptFn<T>,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(): void {
    const { stages, signal, parent } = this;
    if (stages.breaker?.timesCalls) this.started = stages.clock.now();
    if (signal !== undefined) {
      if (signal.aborted) return this.cancel(signal.reason);
      this.abortListener = () => this.cancel(signal.reason);
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
    if (parent !== undefined) {
      if (parent.isAborted) return this.cancel(parent.reason);
      parent.adopt(this);
    }
    // Nested calls find their attempt (to inherit its deadline and be cancelled with it)
    // through the async context. Entering a scope costs an AsyncLocalStorage run, and once
    // used, every promise of the process pays ~70 ns on Node 20: so a call enters one when
    // its caller can cancel it or already works under a deadline (a request scope, an outer
    // attempt). Decorated methods and routes always run in their attempt's scope.
    this.scoped = signal !== undefined || parent !== undefined || this.deadlineAt !== undefined;
    // A timeout fires on a timer, outside the caller's context: if a retry may follow, take
    // the context now. A queued or backed-off attempt takes it lazily, still inside it.
    if (stages.retry !== undefined && stages.timeout.timeoutMs !== undefined) {
      this.resource = new AsyncResource('PipelineCall');
    }
    this.runAttempt();
    this.synchronous = false;
  }

  /** The running attempt's limit passed (called by the timeout stage). */
  onTimeout(): void {
    const attempt = this.attempt;
    if (attempt === undefined) return;
    const { error, dependencyError } = this.stages.timeout.expire(this, attempt, this.waiter === undefined);
    if (dependencyError !== undefined) this.attemptError = dependencyError;
    attempt.abort(error);
    this.attemptFailed(attempt, error);
  }

  /** The caller gave up (its signal, or the outer attempt this call runs in, aborted). */
  cancel(reason: unknown): void {
    if (this.done) return;
    this.cancelled = true;
    const attempt = this.attempt;
    if (attempt !== undefined) {
      this.endAttempt(attempt);
      attempt.abort(reason);
    } else if (this.backoffTimer !== undefined) {
      this.backoffTimer.cancel();
      this.backoffTimer = undefined;
    }
    this.fail(reason);
  }

  private runAttempt(): void {
    if (this.done) return; // settled meanwhile (a caller abort during the backoff decision)
    const { stages, deadlineAt } = this;
    const attemptDeadline = stages.timeout.start(this, deadlineAt);
    if (attemptDeadline === DEADLINE_PASSED) return this.fail(stages.timeout.deadlinePassed(deadlineAt!));
    const attempt = new Attempt(stages.name, ++this.attempts, attemptDeadline);
    this.attempt = attempt;
    const bulkhead = stages.bulkhead;
    if (bulkhead === undefined) return this.invoke(attempt, false);
    if (bulkhead.tryAcquire()) return this.invoke(attempt, true);
    this.resource ??= new AsyncResource('PipelineCall');
    this.waiter = bulkhead.enqueue(
      () => this.admitted(attempt),
      (error) => this.attemptFailed(attempt, error),
    );
    if (this.waiter === undefined) this.attemptFailed(attempt, bulkhead.rejection());
  }

  private admitted(attempt: Attempt): void {
    this.waiter = undefined;
    if (this.attempt === attempt) this.resource!.runInAsyncScope(this.invoke, this, attempt, true);
    else this.stages.bulkhead!.release();
  }

  /**
   * Runs the body, in the attempt's scope when it has one (so `currentAttempt()` and nested
   * calls see it). A bulkhead slot is held until the body's own promise settles, not until the
   * caller stops waiting: a body that ignores its AbortSignal still occupies it.
   */
  private invoke(attempt: Attempt, holdsSlot: boolean): void {
    let result: Promise<T>;
    try {
      result = this.scoped ? runInScope(attempt, () => this.fn(attempt)) : this.fn(attempt);
    } catch (error) {
      if (holdsSlot) this.stages.bulkhead!.release();
      return this.attemptFailed(attempt, error);
    }
    if (!(result instanceof Promise)) result = Promise.resolve(result);
    result.then(
      (value) => {
        if (holdsSlot) this.stages.bulkhead!.release();
        this.attemptSucceeded(attempt, value);
      },
      (error: unknown) => {
        if (holdsSlot) this.stages.bulkhead!.release();
        this.attemptFailed(attempt, error);
      },
    );
  }

  /** Ends the running attempt if it is `attempt`: stops its timing, leaves the bulkhead queue. */
  private endAttempt(attempt: Attempt): boolean {
    if (this.attempt !== attempt) return false;
    this.attempt = undefined;
    this.stages.timeout.stop(this);
    if (this.waiter !== undefined) {
      this.waiter.cancel();
      this.waiter = undefined;
    }
    return true;
  }

  private attemptSucceeded(attempt: Attempt, value: T): void {
    const retry = this.stages.retry;
    if (retry?.retryOnResult !== undefined) {
      let rejected: ResultRejectedError | undefined;
      try {
        rejected = retry.rejectedResult(value);
      } catch (predicateError) {
        // A throwing retryOnResult must still settle the call, surfacing its own error.
        if (this.endAttempt(attempt)) this.fail(predicateError);
        return;
      }
      if (rejected !== undefined) return this.attemptFailed(attempt, rejected);
    }
    if (!this.endAttempt(attempt)) return;
    this.stages.retry?.onSuccess(attempt.attempt);
    this.succeed(value);
  }

  private attemptFailed(attempt: Attempt, error: unknown): void {
    if (!this.endAttempt(attempt)) return;
    if (!isResilienceRejection(error)) this.attemptError = error;
    const retry = this.stages.retry;
    if (retry === undefined || this.cancelled) return this.fail(error);
    let delay: number;
    try {
      delay = retry.delayBeforeNext(error, attempt.attempt, this.previousDelay, this.deadlineAt);
    } catch (predicateError) {
      // A throwing isRetryable must still settle the call, surfacing its own error.
      return this.fail(predicateError);
    }
    if (delay === STOP) return this.giveUp(error);
    this.previousDelay = delay;
    // Here from the attempt's own promise (the caller's context) or from a timeout's timer (a
    // context taken at start); a deadline's timer never leaves time for a retry.
    this.resource ??= new AsyncResource('PipelineCall');
    if (delay === 0) return this.resource.runInAsyncScope(this.runAttempt, this);
    // The backoff holds no bulkhead slot: the attempt's body has settled or holds its own.
    this.backoffTimer = this.stages.clock.setTimer(delay, () => {
      this.backoffTimer = undefined;
      this.resource!.runInAsyncScope(this.runAttempt, this);
    });
  }

  /** Ends a call whose retries stopped: a rejected result is returned unless told to throw. */
  private giveUp(error: unknown): void {
    if (error instanceof ResultRejectedError && !this.stages.retry!.throwOnRejectedResult) {
      return this.settleCounted(error.result as T, error);
    }
    this.fail(error);
  }

  /** Resolves with `value` while the breaker hears `error`: attempts ran out on rejected results. */
  private settleCounted(value: T, error: ResultRejectedError): void {
    if (!this.finish()) return;
    try {
      this.stages.breaker?.onFailure(this.ticket, error, this.elapsed());
    } catch (predicateError) {
      return this.reject(predicateError);
    }
    this.resolve(value);
  }

  private succeed(value: T): void {
    if (!this.finish()) return;
    const breaker = this.stages.breaker;
    if (breaker !== undefined) breaker.onSuccess(this.ticket, this.elapsed());
    this.resolve(value);
  }

  private fail(error: unknown): void {
    if (!this.finish()) return;
    const breaker = this.stages.breaker;
    if (breaker !== undefined) {
      try {
        // A caller that gave up (a client disconnecting) says nothing about the dependency.
        if (this.cancelled) breaker.release(this.ticket);
        else breaker.onFailure(this.ticket, this.outcomeForBreaker(error), this.elapsed());
      } catch (predicateError) {
        // A throwing isFailure must not leave the call unsettled: surface its error instead.
        error = predicateError;
      }
    }
    // Rejecting before the caller has attached its handler costs ~600 ns more on Node 20.
    if (this.synchronous) queueMicrotask(() => this.reject(error));
    else this.reject(error);
  }

  /** A call our own policies ended after a real attempt failed counts as that attempt's failure. */
  private outcomeForBreaker(error: unknown): unknown {
    return this.attemptError !== undefined && isResilienceRejection(error) ? this.attemptError : error;
  }

  /** Time since start, when the breaker times calls (else 0, without reading the clock). */
  private elapsed(): number {
    return this.started ? this.stages.clock.now() - this.started : 0;
  }

  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    if (this.abortListener !== undefined) this.signal!.removeEventListener('abort', this.abortListener);
    this.parent?.release(this);
    return true;
  }
}
