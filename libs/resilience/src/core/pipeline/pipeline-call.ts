import { AsyncResource } from 'node:async_hooks';
import type { CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import type { BulkheadWaiter } from '../bulkhead/bulkhead.policy.js';
import type { Timer } from '../clock/clock.js';
import { Attempt } from '../context/attempt.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { STOP } from '../retry/retry.policy.js';
import type { AttemptFn, PolicyPipeline } from './policy-pipeline.js';
import type { TimeoutNode, TimeoutQueue } from './timeout-queue.js';

/**
 * One logical call through a pipeline, as a state machine: attempts, their timers and
 * bulkhead slots, backoff, and the breaker's verdict, settling one promise. Written without
 * async functions because each await level costs ~50 ns and a promise of its own.
 */
export class PipelineCall<T> implements TimeoutNode {
  // TimeoutNode links: the call is its running attempt's node in the pipeline's queue.
  dueAt = 0;
  prevTimeout: TimeoutNode | undefined;
  nextTimeout: TimeoutNode | undefined;
  queuedIn: TimeoutQueue | undefined;

  private attempt: Attempt | undefined;
  private attempts = 0;
  private previousDelay = 0;
  private started = 0;
  private holding = false;
  private waiter: BulkheadWaiter | undefined;
  private timer: Timer | undefined;
  private done = false;
  private synchronous = true;
  private abortListener: (() => void) | undefined;
  // The last error a real attempt failed with: what the breaker hears when the deadline then
  // ends the call, since "out of time" alone would hide a dependency that timed out or 503'd.
  // Declared, not initialised: the happy path never pays for the store.
  private attemptError?: unknown;
  // The caller's async context, for attempts that resume from a timer or from another call
  // releasing a bulkhead slot: they must see this caller's AsyncLocalStorage stores (its
  // request deadline, say), not those of whoever armed the timer or released the slot.
  private resource: AsyncResource | undefined;

  constructor(
    private readonly pipeline: PolicyPipeline,
    private readonly fn: AttemptFn<T>,
    private readonly deadlineAt: number | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly breaker: CircuitBreakerPolicy | undefined,
    private readonly ticket: number,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.breaker?.timesCalls) this.started = this.pipeline.clock.now();
    const signal = this.signal;
    if (signal !== undefined) {
      if (signal.aborted) return this.fail(signal.reason);
      this.abortListener = () => this.abortedByCaller();
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
    // A timeout fires on a timer, outside the caller's context: if a retry may follow, take
    // the context now. A queued or backed-off attempt takes it lazily, still inside it.
    if (this.pipeline.retry !== undefined && this.pipeline.timeoutMs !== undefined) {
      this.resource = new AsyncResource('PipelineCall');
    }
    this.runAttempt();
    this.synchronous = false;
  }

  onTimeout(): void {
    const attempt = this.attempt;
    if (attempt !== undefined) this.expire(attempt, this.pipeline.timeoutMs!, false);
  }

  private runAttempt(): void {
    if (this.done) return; // settled meanwhile (a caller abort during the backoff decision)
    const { pipeline, deadlineAt } = this;
    const n = ++this.attempts;
    let limit = pipeline.timeoutMs ?? Infinity;
    let byDeadline = false;
    const now = deadlineAt !== undefined || limit !== Infinity ? pipeline.clock.now() : 0;
    if (deadlineAt !== undefined) {
      const remaining = deadlineAt - now;
      if (remaining <= 0) return this.fail(new DeadlineExceededError(pipeline.name, deadlineAt));
      if (remaining < limit) {
        limit = remaining;
        byDeadline = true;
      }
    }
    const attempt = new Attempt(pipeline.name, n, limit === Infinity ? deadlineAt : now + limit);
    this.attempt = attempt;
    if (limit !== Infinity) {
      if (!byDeadline && pipeline.timeouts !== undefined) {
        pipeline.timeouts.add(this, now);
      } else {
        this.timer = pipeline.clock.setTimer(limit, () => this.expire(attempt, limit, byDeadline));
      }
    }
    const bulkhead = pipeline.bulkhead;
    if (bulkhead === undefined || bulkhead.tryAcquire()) return this.invoke(attempt);
    this.resource ??= new AsyncResource('PipelineCall');
    this.waiter = bulkhead.enqueue(
      () => this.admitted(attempt),
      (error) => this.attemptFailed(attempt, error),
    );
    if (this.waiter === undefined) this.attemptFailed(attempt, bulkhead.rejection());
  }

  private admitted(attempt: Attempt): void {
    this.waiter = undefined;
    if (this.attempt === attempt) this.resource!.runInAsyncScope(this.invoke, this, attempt);
    else this.pipeline.bulkhead!.release();
  }

  private invoke(attempt: Attempt): void {
    this.holding = this.pipeline.bulkhead !== undefined;
    let result: Promise<T>;
    try {
      result = this.fn(attempt);
    } catch (error) {
      return this.attemptFailed(attempt, error);
    }
    if (!(result instanceof Promise)) result = Promise.resolve(result);
    result.then(
      (value) => this.attemptSucceeded(attempt, value),
      (error: unknown) => this.attemptFailed(attempt, error),
    );
  }

  /** Ends the running attempt if it is `attempt`: stops its timer, frees its slot or queue place. */
  private endAttempt(attempt: Attempt): boolean {
    if (this.attempt !== attempt) return false;
    this.attempt = undefined;
    if (this.queuedIn !== undefined) this.queuedIn.remove(this);
    else this.cancelTimer();
    if (this.holding) {
      this.holding = false;
      this.pipeline.bulkhead!.release();
    } else if (this.waiter !== undefined) {
      this.waiter.cancel();
      this.waiter = undefined;
    }
    return true;
  }

  private attemptSucceeded(attempt: Attempt, value: T): void {
    if (!this.endAttempt(attempt)) return;
    this.pipeline.retry?.onSuccess(attempt.attempt);
    this.succeed(value);
  }

  private attemptFailed(attempt: Attempt, error: unknown): void {
    if (!this.endAttempt(attempt)) return;
    if (!(error instanceof DeadlineExceededError)) this.attemptError = error;
    const retry = this.pipeline.retry;
    if (retry === undefined || this.signal?.aborted) return this.fail(error);
    let delay: number;
    try {
      delay = retry.delayBeforeNext(error, attempt.attempt, this.previousDelay, this.deadlineAt);
    } catch (predicateError) {
      // A throwing isRetryable must still settle the call, surfacing its own error.
      return this.fail(predicateError);
    }
    if (delay === STOP) return this.fail(error);
    this.previousDelay = delay;
    // Here from the attempt's own promise (the caller's context) or from a timeout's timer (a
    // context taken at start); a deadline's timer never leaves time for a retry.
    this.resource ??= new AsyncResource('PipelineCall');
    if (delay === 0) return this.resource.runInAsyncScope(this.runAttempt, this);
    // The backoff holds no bulkhead slot: the attempt's was released above.
    this.timer = this.pipeline.clock.setTimer(delay, () => {
      this.timer = undefined;
      this.resource!.runInAsyncScope(this.runAttempt, this);
    });
  }

  private expire(attempt: Attempt, limit: number, byDeadline: boolean): void {
    if (this.attempt !== attempt) return;
    const error = this.pipeline.timeoutError(attempt, limit, byDeadline);
    attempt.abort(error);
    this.attemptFailed(attempt, error);
  }

  private abortedByCaller(): void {
    const reason = this.signal!.reason;
    const attempt = this.attempt;
    if (attempt !== undefined) {
      this.endAttempt(attempt);
      attempt.abort(reason);
    } else {
      this.cancelTimer();
    }
    this.fail(reason);
  }

  private succeed(value: T): void {
    if (!this.finish()) return;
    const breaker = this.breaker;
    if (breaker !== undefined) breaker.onSuccess(this.ticket, this.elapsed());
    this.resolve(value);
  }

  private fail(error: unknown): void {
    if (!this.finish()) return;
    const breaker = this.breaker;
    if (breaker !== undefined) {
      try {
        // A caller that gave up (a client disconnecting) says nothing about the dependency.
        if (this.signal?.aborted && error === this.signal.reason) breaker.release(this.ticket);
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

  /** A call the deadline ended after a real attempt failed counts as that attempt's failure. */
  private outcomeForBreaker(error: unknown): unknown {
    return error instanceof DeadlineExceededError && this.attemptError !== undefined
      ? this.attemptError
      : error;
  }

  /** Time since start, when the breaker times calls (else 0, without reading the clock). */
  private elapsed(): number {
    return this.started ? this.pipeline.clock.now() - this.started : 0;
  }

  /** Cancels a backoff or deadline timer, if one is pending. */
  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timer.cancel();
    this.timer = undefined;
  }

  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    if (this.abortListener !== undefined) this.signal!.removeEventListener('abort', this.abortListener);
    return true;
  }
}
