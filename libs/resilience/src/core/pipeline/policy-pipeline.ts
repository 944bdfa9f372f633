import { REJECTED, type CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import type { BulkheadPolicy, BulkheadWaiter } from '../bulkhead/bulkhead.policy.js';
import type { Clock, Timer } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { Attempt, type AttemptContext } from '../context/attempt.js';
import { currentDeadline, earliest } from '../context/resilience-scope.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { EventStream } from '../events/event-stream.js';
import type { FallbackPolicy } from '../fallback/fallback.policy.js';
import { STOP, type RetryPolicy } from '../retry/retry.policy.js';
import { rejectAfterHandler } from './reject-after-handler.js';

/** The policies a pipeline composes; any may be absent. */
export interface PipelinePolicies {
  breaker?: CircuitBreakerPolicy;
  retry?: RetryPolicy;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  bulkhead?: BulkheadPolicy;
  fallback?: FallbackPolicy;
}

/** Per-call options of {@link PolicyPipeline.execute}. */
export interface ExecuteOptions<T> {
  /** Aborting it aborts the running attempt and ends the call with the signal's reason. */
  signal?: AbortSignal;
  /** A deadline for this call (clock ms); the earlier of it and the scope's applies. */
  deadlineAt?: number;
  /** Answers errors the pipeline's fallback policy handles. */
  fallback?: (error: unknown) => T | Promise<T>;
}

/** The function a pipeline runs once per attempt. */
export type AttemptFn<T> = (context: AttemptContext) => Promise<T>;

/**
 * Runs calls through the policies in one fixed order, outermost first:
 * Fallback -> CircuitBreaker -> Retry -> Timeout (per attempt) -> Bulkhead -> fn.
 * So the breaker counts one outcome per logical call and an open breaker means no retry;
 * backoff sleeps hold no bulkhead slot; bulkhead queue time counts against the attempt timeout.
 */
export class PolicyPipeline {
  readonly breaker: CircuitBreakerPolicy | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly timeoutMs: number | undefined;
  readonly bulkhead: BulkheadPolicy | undefined;
  readonly fallback: FallbackPolicy | undefined;
  private readonly clock: Clock;
  private readonly events: EventStream;

  constructor(
    readonly name: string,
    policies: PipelinePolicies,
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    ({ breaker: this.breaker, retry: this.retry, timeoutMs: this.timeoutMs, bulkhead: this.bulkhead } = policies);
    this.fallback = policies.fallback;
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
  }

  /**
   * Runs `fn` through the policies.
   * @example
   * const charge = await pipeline.execute(({ signal }) => http.post(url, body, { signal }));
   */
  execute<T>(fn: AttemptFn<T>, options?: ExecuteOptions<T>): Promise<T> {
    const fallbackFn = options?.fallback;
    if (this.fallback !== undefined && fallbackFn !== undefined) {
      return this.fallback.execute(() => this.guarded(fn, options), fallbackFn);
    }
    return this.guarded(fn, options);
  }

  private guarded<T>(fn: AttemptFn<T>, options: ExecuteOptions<T> | undefined): Promise<T> {
    const deadlineAt = earliest(options?.deadlineAt, currentDeadline());
    const signal = options?.signal;
    const breaker = this.breaker;
    if (breaker === undefined) return this.attempts(fn, deadlineAt, signal);
    const ticket = breaker.tryAcquire();
    if (ticket === REJECTED) return rejectAfterHandler(breaker.rejection());
    return this.throughBreaker(breaker, ticket, fn, deadlineAt, signal);
  }

  private async throughBreaker<T>(
    breaker: CircuitBreakerPolicy,
    ticket: number,
    fn: AttemptFn<T>,
    deadlineAt: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const timed = breaker.timesCalls;
    const started = timed ? this.clock.now() : 0;
    try {
      const value = await this.attempts(fn, deadlineAt, signal);
      breaker.onSuccess(ticket, timed ? this.clock.now() - started : 0);
      return value;
    } catch (error) {
      // A caller that gave up (a client disconnecting) says nothing about the dependency.
      if (signal?.aborted && error === signal.reason) breaker.release(ticket);
      else breaker.onFailure(ticket, error, timed ? this.clock.now() - started : 0);
      throw error;
    }
  }

  private attempts<T>(fn: AttemptFn<T>, deadlineAt: number | undefined, signal: AbortSignal | undefined): Promise<T> {
    if (this.retry === undefined) return this.attempt(fn, 1, deadlineAt, signal);
    return this.retrying(this.retry, fn, deadlineAt, signal);
  }

  private async retrying<T>(
    retry: RetryPolicy,
    fn: AttemptFn<T>,
    deadlineAt: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    let previousDelay = 0;
    for (let n = 1; ; n++) {
      try {
        const value = await this.attempt(fn, n, deadlineAt, signal);
        retry.onSuccess(n);
        return value;
      } catch (error) {
        if (signal?.aborted) throw error;
        const delay = retry.delayBeforeNext(error, n, previousDelay, deadlineAt);
        if (delay === STOP) throw error;
        previousDelay = delay;
        if (delay > 0) await this.clock.sleep(delay, signal);
      }
    }
  }

  /** One attempt: deadline check, timer, bulkhead slot, then `fn`. */
  private attempt<T>(fn: AttemptFn<T>, n: number, deadlineAt: number | undefined, signal: AbortSignal | undefined): Promise<T> {
    let limit = this.timeoutMs ?? Infinity;
    let byDeadline = false;
    if (deadlineAt !== undefined) {
      const remaining = deadlineAt - this.clock.now();
      if (remaining <= 0) return rejectAfterHandler(new DeadlineExceededError(this.name, deadlineAt));
      if (remaining < limit) {
        limit = remaining;
        byDeadline = true;
      }
    }
    const context = new Attempt(this.name, n, limit === Infinity ? deadlineAt : this.clock.now() + limit);
    const bulkhead = this.bulkhead;
    if (limit === Infinity && signal === undefined) {
      // Nothing can interrupt this attempt: no race, no timer.
      if (bulkhead === undefined) return invoke(fn, context);
      if (bulkhead.tryAcquire()) return invoke(fn, context).finally(() => bulkhead.release());
    }
    return this.guardedAttempt(fn, context, limit, byDeadline, signal);
  }

  private guardedAttempt<T>(
    fn: AttemptFn<T>,
    context: Attempt,
    limit: number,
    byDeadline: boolean,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const bulkhead = this.bulkhead;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let holding = false;
      let waiter: BulkheadWaiter | undefined;
      let timer: Timer | undefined;

      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        timer?.cancel();
        if (holding) bulkhead!.release();
        else waiter?.cancel();
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const fail = (error: unknown): void => {
        if (!finish()) return;
        context.abort(error);
        reject(error);
      };
      const onAbort = (): void => fail(signal!.reason);
      const start = (): void => {
        holding = bulkhead !== undefined;
        invoke(fn, context).then(
          (value) => finish() && resolve(value),
          (error: unknown) => finish() && reject(error),
        );
      };

      if (signal !== undefined) {
        if (signal.aborted) return fail(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }
      if (limit !== Infinity) {
        timer = this.clock.setTimer(limit, () => fail(this.timeoutError(context, limit, byDeadline)));
      }
      if (bulkhead === undefined || bulkhead.tryAcquire()) return start();
      waiter = bulkhead.enqueue(start, fail);
      if (waiter === undefined) fail(bulkhead.rejection());
    });
  }

  private timeoutError(context: Attempt, limit: number, byDeadline: boolean): Error {
    if (this.events.active) {
      this.events.emit({ type: 'timeout', policy: this.name, attempt: context.attempt, timeoutMs: limit, deadline: byDeadline });
    }
    return byDeadline
      ? new DeadlineExceededError(this.name, context.deadlineAt!)
      : new AttemptTimeoutError(this.name, limit);
  }
}

function invoke<T>(fn: AttemptFn<T>, context: Attempt): Promise<T> {
  try {
    const result = fn(context);
    return result instanceof Promise ? result : Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}
