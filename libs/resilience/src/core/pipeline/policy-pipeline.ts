import { REJECTED, type CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import type { BulkheadPolicy } from '../bulkhead/bulkhead.policy.js';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import type { Attempt, AttemptContext } from '../context/attempt.js';
import { currentDeadline, earliest } from '../context/resilience-scope.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { EventStream } from '../events/event-stream.js';
import type { FallbackPolicy } from '../fallback/fallback.policy.js';
import type { RetryPolicy } from '../retry/retry.policy.js';
import { PipelineCall } from './pipeline-call.js';
import { rejectAfterHandler } from './reject-after-handler.js';
import { TimeoutQueue } from './timeout-queue.js';

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
  /** @internal */
  readonly clock: Clock;
  /** @internal The FIFO of this pipeline's fixed per-attempt timeout. */
  readonly timeouts: TimeoutQueue | undefined;
  private readonly events: EventStream;

  constructor(
    readonly name: string,
    policies: PipelinePolicies,
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    ({
      breaker: this.breaker,
      retry: this.retry,
      timeoutMs: this.timeoutMs,
      bulkhead: this.bulkhead,
    } = policies);
    this.fallback = policies.fallback;
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    if (this.timeoutMs !== undefined && this.timeoutMs > 0)
      this.timeouts = new TimeoutQueue(this.clock, this.timeoutMs);
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
    const breaker = this.breaker;
    let ticket = 0;
    if (breaker !== undefined) {
      ticket = breaker.tryAcquire();
      if (ticket === REJECTED) return rejectAfterHandler(breaker.rejection());
    }
    return new Promise<T>((resolve, reject) => {
      new PipelineCall(this, fn, deadlineAt, options?.signal, breaker, ticket, resolve, reject).start();
    });
  }

  /** @internal The error of an attempt whose timer fired; reports the timeout. */
  timeoutError(context: Attempt, limit: number, byDeadline: boolean): Error {
    if (this.events.active) {
      this.events.emit({
        type: 'timeout',
        policy: this.name,
        attempt: context.attempt,
        timeoutMs: limit,
        deadline: byDeadline,
      });
    }
    return byDeadline
      ? new DeadlineExceededError(this.name, context.deadlineAt!)
      : new AttemptTimeoutError(this.name, limit);
  }
}
