import { REJECTED, type CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import type { BulkheadPolicy } from '../bulkhead/bulkhead.policy.js';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { Attempt } from '../context/attempt.js';
import { currentScope, earliest } from '../context/resilience-scope.js';
import { EventStream } from '../events/event-stream.js';
import type { FallbackPolicy } from '../fallback/fallback.policy.js';
import type { RetryPolicy } from '../retry/retry.policy.js';
import { TimeoutPolicy } from '../timeout/timeout.policy.js';
import type { AttemptFn } from './attempt-fn.js';
import type { CallStages } from './call-stages.js';
import type { CancelSignal } from './cancel-signal.js';
import { directCall } from './direct-call.js';
import { PipelineCall } from './pipeline-call.js';
import { rejectAfterHandler } from './reject-after-handler.js';

/** The policies a pipeline composes; any may be absent. */
export interface PipelinePolicies {
  breaker?: CircuitBreakerPolicy;
  retry?: RetryPolicy;
  /** The per-attempt timeout stage; see `timeoutMs` for the short form. */
  timeout?: TimeoutPolicy;
  /** Per-attempt timeout in ms (> 0), when no `timeout` stage is given. */
  timeoutMs?: number;
  bulkhead?: BulkheadPolicy;
  fallback?: FallbackPolicy;
}

/** Per-call options of {@link PolicyPipeline.execute}. */
export interface ExecuteOptions<T> {
  /** Aborting it aborts the running attempt and ends the call with the signal's reason. */
  signal?: CancelSignal;
  /** A deadline for this call (clock ms); the earlier of it and the scope's applies. */
  deadlineAt?: number;
  /** Answers errors the pipeline's fallback policy handles. */
  fallback?: (error: unknown) => T | Promise<T>;
}

/**
 * Runs calls through the policies in one fixed order, outermost first:
 * Fallback -> CircuitBreaker -> Retry -> Timeout (per attempt) -> Bulkhead -> fn.
 * So the breaker counts one outcome per logical call and an open breaker means no retry;
 * backoff sleeps hold no bulkhead slot; bulkhead queue time counts against the attempt timeout.
 * A pipeline of one policy is how that policy runs alone.
 */
export class PolicyPipeline implements CallStages {
  readonly breaker: CircuitBreakerPolicy | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly timeout: TimeoutPolicy;
  readonly bulkhead: BulkheadPolicy | undefined;
  readonly fallback: FallbackPolicy | undefined;
  readonly clock: Clock;

  constructor(
    readonly name: string,
    policies: PipelinePolicies,
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    this.breaker = policies.breaker;
    this.retry = policies.retry;
    this.bulkhead = policies.bulkhead;
    this.fallback = policies.fallback;
    this.clock = deps.clock ?? systemClock;
    // Present even without a timeout: it is what enforces the caller's deadline.
    this.timeout =
      policies.timeout ??
      new TimeoutPolicy(
        name,
        { timeoutMs: policies.timeoutMs },
        { clock: this.clock, events: deps.events ?? new EventStream() },
      );
  }

  /** The per-attempt timeout in ms, if any. */
  get timeoutMs(): number | undefined {
    return this.timeout.timeoutMs;
  }

  /**
   * Runs `fn` through the policies. `fn` runs in its attempt's async context: calls it makes
   * through other pipelines inherit the attempt's deadline and are cancelled with it.
   * @example
   * const charge = await pipeline.execute(({ signal }) => http.post(url, body, { signal }));
   */
  execute<T>(fn: AttemptFn<T>, options?: ExecuteOptions<T>): Promise<T> {
    const fallbackFn = options?.fallback;
    const fallback = this.fallback;
    if (fallback !== undefined && fallbackFn !== undefined) {
      return this.guarded(fn, options).catch((error: unknown) => fallback.recover(error, fallbackFn));
    }
    return this.guarded(fn, options);
  }

  private guarded<T>(fn: AttemptFn<T>, options: ExecuteOptions<T> | undefined): Promise<T> {
    const scope = currentScope();
    const deadlineAt = earliest(options?.deadlineAt, scope?.deadlineAt);
    const breaker = this.breaker;
    let ticket = 0;
    if (breaker !== undefined) {
      ticket = breaker.tryAcquire();
      if (ticket === REJECTED) return rejectAfterHandler(breaker.rejection());
    }
    const signal = options?.signal;
    const parent = scope instanceof Attempt ? scope : undefined;
    if (
      this.retry === undefined &&
      this.bulkhead === undefined &&
      this.timeout.timeoutMs === undefined &&
      deadlineAt === undefined &&
      signal === undefined &&
      parent === undefined
    ) {
      return directCall(this, fn, ticket);
    }
    return new Promise<T>((resolve, reject) => {
      const call = new PipelineCall(this, fn, resolve, reject);
      call.deadlineAt = deadlineAt;
      call.signal = signal;
      call.parent = parent;
      call.ticket = ticket;
      call.start();
    });
  }
}
