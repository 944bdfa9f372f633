import { jest } from '@jest/globals';
import { CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import { BulkheadPolicy } from '../bulkhead/bulkhead.policy.js';
import { FakeClock } from '../clock/fake-clock.js';
import type { AttemptContext } from '../context/attempt.js';
import { runWithDeadline } from '../context/resilience-scope.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import { ResultRejectedError } from '../errors/result-rejected.error.js';
import { FallbackPolicy } from '../fallback/fallback.policy.js';
import { isRetriesExhausted } from '../retry/retries-exhausted.js';
import type { RetryOptions } from '../retry/retry.options.js';
import { RetryPolicy } from '../retry/retry.policy.js';
import type { AttemptFn } from './attempt-fn.js';
import { TimeoutPolicy } from '../timeout/timeout.policy.js';
import { PolicyPipeline } from './policy-pipeline.js';

const T0 = 1_000_000;
const http = (status: number): Error => Object.assign(new Error(`HTTP ${status}`), { status });
const hang = (): Promise<never> => new Promise<never>(() => {});

interface Parts {
  breaker?: { failureThreshold?: number; resetTimeoutMs?: number };
  retry?: RetryOptions;
  timeoutMs?: number;
  bulkhead?: { maxConcurrent?: number; maxQueue?: number; queueTimeoutMs?: number };
  fallback?: boolean;
}

function setup(parts: Parts = {}) {
  const clock = new FakeClock(T0);
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const deps = { clock, events };
  const breaker = parts.breaker && new CircuitBreakerPolicy('payments', parts.breaker, deps);
  const retry =
    parts.retry &&
    new RetryPolicy('payments', { budget: false, ...parts.retry }, { ...deps, random: () => 0.5 });
  const bulkhead = parts.bulkhead && new BulkheadPolicy('payments', parts.bulkhead, deps);
  const fallback = parts.fallback ? new FallbackPolicy('payments', undefined, events) : undefined;
  const pipeline = new PolicyPipeline(
    'payments',
    { breaker, retry, timeoutMs: parts.timeoutMs, bulkhead, fallback },
    deps,
  );
  return { clock, seen, breaker, bulkhead, pipeline };
}

type Outcome<T> =
  { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown };

/** Follows a promise without letting its rejection go unhandled. */
function track<T>(promise: Promise<T>): { readonly outcome: Outcome<T>; readonly error: unknown } {
  let outcome: Outcome<T> = { state: 'pending' };
  promise.then(
    (value) => (outcome = { state: 'resolved', value }),
    (error: unknown) => (outcome = { state: 'rejected', error }),
  );
  return {
    get outcome() {
      return outcome;
    },
    get error() {
      return outcome.state === 'rejected' ? outcome.error : undefined;
    },
  };
}

/** An attempt function that records its calls and fails, hangs or answers as told per attempt. */
function script<T>(...steps: Array<(ctx: AttemptContext) => Promise<T>>) {
  const contexts: AttemptContext[] = [];
  const fn = jest.fn<AttemptFn<T>>((ctx) => {
    contexts.push(ctx);
    return steps[Math.min(contexts.length, steps.length) - 1](ctx);
  });
  return { fn, contexts };
}

describe('PolicyPipeline', () => {
  it('runs fn with no policies and returns its value', async () => {
    const { pipeline } = setup();
    await expect(pipeline.execute(async () => 'ok')).resolves.toBe('ok');
  });

  it('turns a synchronous throw of fn into a rejection', async () => {
    const { pipeline } = setup();
    const error = new Error('sync');
    await expect(
      pipeline.execute(() => {
        throw error;
      }),
    ).rejects.toBe(error);
  });

  it('accepts a thenable that is not a native promise', async () => {
    const { pipeline } = setup();
    const thenable = { then: (resolve: (v: string) => void) => resolve('ok') } as unknown as Promise<string>;
    await expect(pipeline.execute(() => thenable)).resolves.toBe('ok');
  });

  describe('per-attempt timeout', () => {
    it('rejects an attempt still running at timeoutMs with AttemptTimeoutError', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const call = track(pipeline.execute(hang));
      await clock.advanceAsync(99);
      expect(call.outcome.state).toBe('pending');
      await clock.advanceAsync(1);
      expect(call.error).toBeInstanceOf(AttemptTimeoutError);
    });

    it('says which policy timed out and after how long', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const call = track(pipeline.execute(hang));
      await clock.advanceAsync(100);
      expect(call.error).toMatchObject({ policy: 'payments', timeoutMs: 100 });
    });

    it('aborts the signal the attempt read, with the timeout as reason', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      let signal: AbortSignal | undefined;
      const call = track(
        pipeline.execute((ctx) => {
          signal = ctx.signal;
          return hang();
        }),
      );
      await clock.advanceAsync(100);
      expect(signal!.aborted).toBe(true);
      expect(signal!.reason).toBe(call.error);
    });

    it('hands an aborted signal to an attempt that first reads it after its timeout', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const { fn, contexts } = script(hang);
      track(pipeline.execute(fn));
      await clock.advanceAsync(100);
      expect(contexts[0].signal.aborted).toBe(true);
    });

    it('returns the value of an attempt that finishes in time and leaves no timer behind', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const call = track(pipeline.execute(() => clock.sleep(60).then(() => 'ok')));
      await clock.advanceAsync(60);
      expect(call.outcome).toEqual({ state: 'resolved', value: 'ok' });
      // The timeout queue keeps its one timer until the old due time rather than cancel it;
      // it then finds nothing due and does not re-arm.
      expect(clock.pendingTimers).toBeLessThanOrEqual(1);
      await clock.advanceAsync(40);
      expect(clock.pendingTimers).toBe(0);
    });

    it('passes on the error of an attempt that fails in time', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const error = http(500);
      const call = track(pipeline.execute(() => clock.sleep(60).then(() => Promise.reject(error))));
      await clock.advanceAsync(100);
      expect(call.error).toBe(error);
    });

    it('does not abort the signal of an attempt that finished in time', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const { fn, contexts } = script(async () => 'ok');
      await pipeline.execute(fn);
      await clock.advanceAsync(200);
      expect(contexts[0].signal.aborted).toBe(false);
    });

    it('reports a timeout event', async () => {
      const { pipeline, clock, seen } = setup({ timeoutMs: 100 });
      track(pipeline.execute(hang));
      await clock.advanceAsync(100);
      expect(seen).toContainEqual({
        type: 'timeout',
        policy: 'payments',
        attempt: 1,
        timeoutMs: 100,
        deadline: false,
      });
    });
  });

  describe('deadline', () => {
    it('times the attempt out at an ExecuteOptions deadline sooner than the policy timeout, with DeadlineExceededError', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 1_000 });
      const call = track(pipeline.execute(hang, { deadlineAt: T0 + 300 }));
      await clock.advanceAsync(300);
      expect(call.error).toBeInstanceOf(DeadlineExceededError);
    });

    it('says which deadline passed', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 1_000 });
      const call = track(pipeline.execute(hang, { deadlineAt: T0 + 300 }));
      await clock.advanceAsync(300);
      expect(call.error).toMatchObject({ policy: 'payments', deadlineAt: T0 + 300 });
    });

    it('keeps the policy timeout when it is sooner than the deadline', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100 });
      const call = track(pipeline.execute(hang, { deadlineAt: T0 + 300 }));
      await clock.advanceAsync(100);
      expect(call.error).toBeInstanceOf(AttemptTimeoutError);
    });

    it('applies the deadline set by runWithDeadline', async () => {
      const { pipeline, clock } = setup();
      const call = track(runWithDeadline(T0 + 200, () => pipeline.execute(hang)));
      await clock.advanceAsync(200);
      expect(call.error).toBeInstanceOf(DeadlineExceededError);
    });

    it('reports a deadline timeout as such', async () => {
      const { pipeline, clock, seen } = setup();
      track(pipeline.execute(hang, { deadlineAt: T0 + 200 }));
      await clock.advanceAsync(200);
      expect(seen).toContainEqual({
        type: 'timeout',
        policy: 'payments',
        attempt: 1,
        timeoutMs: 200,
        deadline: true,
      });
    });

    it('aborts the attempt signal when the deadline passes', async () => {
      const { pipeline, clock } = setup();
      const { fn, contexts } = script(hang);
      track(pipeline.execute(fn, { deadlineAt: T0 + 200 }));
      await clock.advanceAsync(200);
      expect(contexts[0].signal.reason).toBeInstanceOf(DeadlineExceededError);
    });

    it('throws DeadlineExceededError without calling fn when no time is left', async () => {
      const { pipeline } = setup({ timeoutMs: 100 });
      const fn = jest.fn(hang);
      await expect(pipeline.execute(fn, { deadlineAt: T0 })).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(fn).not.toHaveBeenCalled();
    });

    it('throws DeadlineExceededError without calling fn when the scope deadline has passed', async () => {
      const { pipeline } = setup();
      const fn = jest.fn(hang);
      await expect(runWithDeadline(T0 - 1, () => pipeline.execute(fn))).rejects.toBeInstanceOf(
        DeadlineExceededError,
      );
      expect(fn).not.toHaveBeenCalled();
    });

    it('never extends the scope deadline with a later ExecuteOptions deadline', async () => {
      const { pipeline, clock } = setup();
      const call = track(runWithDeadline(T0 + 100, () => pipeline.execute(hang, { deadlineAt: T0 + 1_000 })));
      await clock.advanceAsync(100);
      expect(call.error).toBeInstanceOf(DeadlineExceededError);
    });

    it('never extends an outer runWithDeadline with a later nested one', async () => {
      const { pipeline, clock } = setup();
      const call = track(
        runWithDeadline(T0 + 100, () => runWithDeadline(T0 + 1_000, () => pipeline.execute(hang))),
      );
      await clock.advanceAsync(100);
      expect(call.error).toBeInstanceOf(DeadlineExceededError);
    });

    it('tells the attempt its effective deadline', async () => {
      const { pipeline } = setup({ timeoutMs: 100 });
      const { fn, contexts } = script(async () => 'ok');
      await pipeline.execute(fn, { deadlineAt: T0 + 1_000 });
      expect(contexts[0].deadlineAt).toBe(T0 + 100);
    });

    it('tells an attempt with neither timeout nor deadline that it has no deadline', async () => {
      const { pipeline } = setup();
      const { fn, contexts } = script(async () => 'ok');
      await pipeline.execute(fn);
      expect(contexts[0].deadlineAt).toBeUndefined();
    });

    it('does not retry a passed deadline', async () => {
      const { pipeline, clock } = setup({ retry: { maxAttempts: 3 } });
      const fn = jest.fn(hang);
      const call = track(pipeline.execute(fn, { deadlineAt: T0 + 200 }));
      await clock.advanceAsync(10_000);
      expect(call.error).toBeInstanceOf(DeadlineExceededError);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('stops retrying rather than sleep past the deadline, rethrowing the last error', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 500 } });
      const error = http(503);
      const fn = jest.fn(() => Promise.reject(error));
      const call = track(pipeline.execute(fn, { deadlineAt: T0 + 300 }));
      await clock.advanceAsync(10_000);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(call.error).toBe(error);
    });

    it('marks the last error as retries exhausted when the deadline stops retrying', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 500 } });
      const call = track(pipeline.execute(() => Promise.reject(http(503)), { deadlineAt: T0 + 300 }));
      await clock.advanceAsync(10_000);
      expect(isRetriesExhausted(call.error)).toBe(true);
    });

    it('gives a retried attempt only the time left before the deadline', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 100 } });
      const { fn, contexts } = script(() => Promise.reject(http(503)), hang);
      const call = track(pipeline.execute(fn, { deadlineAt: T0 + 1_000 }));
      await clock.advanceAsync(999);
      expect(call.outcome.state).toBe('pending');
      await clock.advanceAsync(1);
      expect(call.error).toBeInstanceOf(DeadlineExceededError);
      expect(contexts).toHaveLength(2);
    });
  });

  describe('caller signal', () => {
    it('ends the call with the signal reason when the caller aborts mid-attempt', async () => {
      const { pipeline, clock } = setup();
      const controller = new AbortController();
      const call = track(pipeline.execute(hang, { signal: controller.signal }));
      await clock.advanceAsync(50);
      const reason = new Error('client went away');
      controller.abort(reason);
      await clock.advanceAsync(0);
      expect(call.error).toBe(reason);
    });

    it('aborts the attempt signal when the caller aborts', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 1_000 });
      const controller = new AbortController();
      const { fn, contexts } = script(hang);
      track(pipeline.execute(fn, { signal: controller.signal }));
      controller.abort();
      await clock.advanceAsync(0);
      expect(contexts[0].signal.aborted).toBe(true);
    });

    it('does not call fn when the caller signal is already aborted', async () => {
      const { pipeline } = setup();
      const fn = jest.fn(hang);
      await expect(pipeline.execute(fn, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow(
        'gone',
      );
      expect(fn).not.toHaveBeenCalled();
    });

    it('ends the call at once, with no further attempt, when the caller aborts during a backoff sleep', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 1_000 } });
      const controller = new AbortController();
      const fn = jest.fn(() => Promise.reject(http(503)));
      const call = track(pipeline.execute(fn, { signal: controller.signal }));
      await clock.advanceAsync(500);
      const reason = new Error('gone');
      controller.abort(reason);
      await clock.advanceAsync(0);
      expect(call.error).toBe(reason);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('schedules no retry for an attempt the caller aborted', async () => {
      const { pipeline, clock, seen } = setup({
        retry: { isRetryable: () => true, backoff: 'constant', baseDelayMs: 0 },
      });
      const controller = new AbortController();
      track(pipeline.execute(hang, { signal: controller.signal }));
      controller.abort();
      await clock.advanceAsync(1_000);
      expect(seen.filter((e) => e.type === 'retry_scheduled')).toEqual([]);
    });

    it('ignores the caller signal once the call has finished', async () => {
      const { pipeline, clock } = setup();
      const controller = new AbortController();
      const { fn, contexts } = script(async () => 'ok');
      await pipeline.execute(fn, { signal: controller.signal });
      controller.abort();
      await clock.advanceAsync(0);
      expect(contexts[0].signal.aborted).toBe(false);
    });
  });

  describe('retry', () => {
    it('retries a transient failure and returns the later success', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 100 } });
      const { fn } = script(
        () => Promise.reject(http(503)),
        async () => 'ok',
      );
      const call = track(pipeline.execute(fn));
      await clock.advanceAsync(100);
      expect(call.outcome).toEqual({ state: 'resolved', value: 'ok' });
    });

    it('numbers each attempt in its context', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 10 } });
      const { fn, contexts } = script(
        () => Promise.reject(http(503)),
        () => Promise.reject(http(503)),
        async () => 'ok',
      );
      track(pipeline.execute(fn));
      await clock.advanceAsync(100);
      expect(contexts.map((c) => c.attempt)).toEqual([1, 2, 3]);
    });

    it('makes maxAttempts attempts in all, then rethrows the last error marked as exhausted', async () => {
      const { pipeline, clock } = setup({ retry: { maxAttempts: 3, backoff: 'constant', baseDelayMs: 10 } });
      const last = http(502);
      const { fn } = script(
        () => Promise.reject(http(503)),
        () => Promise.reject(http(504)),
        () => Promise.reject(last),
      );
      const call = track(pipeline.execute(fn));
      await clock.advanceAsync(1_000);
      expect(fn).toHaveBeenCalledTimes(3);
      expect(call.error).toBe(last);
      expect(isRetriesExhausted(last)).toBe(true);
    });

    it('retries an attempt that timed out', async () => {
      const { pipeline, clock } = setup({ timeoutMs: 100, retry: { backoff: 'constant', baseDelayMs: 10 } });
      const { fn } = script(hang, async () => 'ok');
      const call = track(pipeline.execute(fn));
      await clock.advanceAsync(110);
      expect(call.outcome).toEqual({ state: 'resolved', value: 'ok' });
    });

    it('re-attempts at once when the backoff is zero', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 0 } });
      const at: number[] = [];
      const { fn } = script(
        () => (at.push(clock.now()), Promise.reject(http(503))),
        async () => (at.push(clock.now()), 'ok'),
      );
      await pipeline.execute(fn);
      expect(at).toEqual([T0, T0]);
    });
  });

  describe('order: Fallback -> CircuitBreaker -> Retry -> Timeout -> Bulkhead -> fn', () => {
    it('counts one breaker failure per logical call, however many attempts failed', async () => {
      const { pipeline, clock, breaker } = setup({
        breaker: {},
        retry: { maxAttempts: 3, backoff: 'constant', baseDelayMs: 10 },
      });
      const fn = jest.fn(() => Promise.reject(http(503)));
      track(pipeline.execute(fn));
      await clock.advanceAsync(1_000);
      expect(fn).toHaveBeenCalledTimes(3);
      expect(breaker!.snapshot().consecutiveFailures).toBe(1);
    });

    it('counts one breaker success for a call that succeeded after retries', async () => {
      const { pipeline, clock, breaker } = setup({
        breaker: { failureThreshold: 2 },
        retry: { backoff: 'constant', baseDelayMs: 10 },
      });
      track(pipeline.execute(() => Promise.reject(http(503))));
      await clock.advanceAsync(1_000);
      const { fn } = script(
        () => Promise.reject(http(503)),
        async () => 'ok',
      );
      track(pipeline.execute(fn));
      await clock.advanceAsync(1_000);
      expect(breaker!.snapshot().consecutiveFailures).toBe(0);
    });

    it('makes no attempt at all while the breaker is open', async () => {
      const { pipeline, breaker } = setup({ breaker: {}, retry: { maxAttempts: 5 } });
      breaker!.transitionTo('open');
      const fn = jest.fn(async () => 'ok');
      await expect(pipeline.execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
      expect(fn).not.toHaveBeenCalled();
    });

    it('holds no bulkhead slot during a backoff sleep', async () => {
      const { pipeline, clock, bulkhead } = setup({
        bulkhead: { maxConcurrent: 1 },
        retry: { backoff: 'constant', baseDelayMs: 1_000 },
      });
      track(pipeline.execute(() => Promise.reject(http(503))));
      await clock.advanceAsync(500);
      expect(bulkhead!.active).toBe(0);
    });

    it('fails a call queued past its attempt timeout with AttemptTimeoutError, never calling fn', async () => {
      const { pipeline, clock, bulkhead } = setup({
        timeoutMs: 100,
        bulkhead: { maxConcurrent: 1, maxQueue: 1 },
      });
      bulkhead!.tryAcquire();
      const fn = jest.fn(async () => 'ok');
      const call = track(pipeline.execute(fn));
      await clock.advanceAsync(100);
      expect(call.error).toBeInstanceOf(AttemptTimeoutError);
      expect(fn).not.toHaveBeenCalled();
    });

    it('takes a call that timed out in the bulkhead queue out of the queue', async () => {
      const { pipeline, clock, bulkhead } = setup({
        timeoutMs: 100,
        bulkhead: { maxConcurrent: 1, maxQueue: 1 },
      });
      bulkhead!.tryAcquire();
      track(pipeline.execute(async () => 'ok'));
      expect(bulkhead!.queued).toBe(1);
      await clock.advanceAsync(100);
      expect(bulkhead!.queued).toBe(0);
    });

    it('gives a queued call only the rest of its timeout once admitted', async () => {
      const { pipeline, clock, bulkhead } = setup({
        timeoutMs: 100,
        bulkhead: { maxConcurrent: 1, maxQueue: 1 },
      });
      bulkhead!.tryAcquire();
      const call = track(pipeline.execute(() => clock.sleep(60).then(() => 'ok')));
      await clock.advanceAsync(50);
      bulkhead!.release();
      await clock.advanceAsync(50);
      expect(call.error).toBeInstanceOf(AttemptTimeoutError);
    });

    it('answers a breaker rejection with the fallback', async () => {
      const { pipeline, breaker } = setup({ breaker: {}, fallback: true });
      breaker!.transitionTo('open');
      const fallback = jest.fn((_error: unknown) => 'cached');
      await expect(pipeline.execute(async () => 'fresh', { fallback })).resolves.toBe('cached');
      expect(fallback.mock.calls[0][0]).toBeInstanceOf(BrokenCircuitError);
    });

    it('answers exhausted retries with the fallback', async () => {
      const { pipeline, clock } = setup({ retry: { backoff: 'constant', baseDelayMs: 10 }, fallback: true });
      const call = track(pipeline.execute(() => Promise.reject(http(503)), { fallback: () => 'cached' }));
      await clock.advanceAsync(1_000);
      expect(call.outcome).toEqual({ state: 'resolved', value: 'cached' });
    });

    it('answers a bulkhead rejection with the fallback', async () => {
      const { pipeline, bulkhead } = setup({ bulkhead: { maxConcurrent: 1 }, fallback: true });
      bulkhead!.tryAcquire();
      await expect(pipeline.execute(async () => 'fresh', { fallback: () => 'cached' })).resolves.toBe(
        'cached',
      );
    });

    it('lets the error through when the call brings no fallback function', async () => {
      const { pipeline, breaker } = setup({ breaker: {}, fallback: true });
      breaker!.transitionTo('open');
      await expect(pipeline.execute(async () => 'fresh')).rejects.toBeInstanceOf(BrokenCircuitError);
    });

    it('reports the call duration to the breaker when someone listens', async () => {
      const { pipeline, clock, seen } = setup({ breaker: {} });
      track(pipeline.execute(() => clock.sleep(250).then(() => 'ok')));
      await clock.advanceAsync(250);
      expect(seen).toContainEqual({
        type: 'call_outcome',
        policy: 'payments',
        outcome: 'success',
        durationMs: 250,
        error: undefined,
      });
    });
  });

  describe('half-open probes turned away before reaching the dependency', () => {
    function halfOpen(parts: Parts = {}) {
      const ctx = setup({ breaker: { failureThreshold: 1, resetTimeoutMs: 100 }, ...parts });
      ctx.breaker!.transitionTo('open');
      ctx.clock.advance(100);
      return ctx;
    }

    it('does not close the breaker when the probe deadline was spent before fn was called', async () => {
      const { pipeline, breaker, clock } = halfOpen();
      await pipeline.execute(async () => 'ok', { deadlineAt: clock.now() }).catch(() => {});
      expect(breaker!.state).toBe('half_open');
    });

    it('does not close the breaker when the bulkhead turned the probe away', async () => {
      const { pipeline, breaker, bulkhead } = halfOpen({ bulkhead: { maxConcurrent: 1 } });
      bulkhead!.tryAcquire();
      await pipeline.execute(async () => 'ok').catch(() => {});
      expect(breaker!.state).toBe('half_open');
    });

    it('lets the next call probe once a probe was turned away', async () => {
      const { pipeline, breaker, clock } = halfOpen();
      await pipeline.execute(async () => 'ok', { deadlineAt: clock.now() }).catch(() => {});
      await pipeline.execute(async () => 'ok');
      expect(breaker!.state).toBe('closed');
    });
  });

  describe('bulkhead', () => {
    it('rejects with BulkheadRejectedError, without calling fn, when full and no queue is allowed', async () => {
      const { pipeline, bulkhead } = setup({ bulkhead: { maxConcurrent: 1 } });
      bulkhead!.tryAcquire();
      const fn = jest.fn(async () => 'ok');
      await expect(pipeline.execute(fn)).rejects.toBeInstanceOf(BulkheadRejectedError);
      expect(fn).not.toHaveBeenCalled();
    });

    it('releases the slot after a success', async () => {
      const { pipeline, bulkhead } = setup({ bulkhead: { maxConcurrent: 1 } });
      await pipeline.execute(async () => 'ok');
      expect(bulkhead!.active).toBe(0);
    });

    it('releases the slot after a failure', async () => {
      const { pipeline, bulkhead } = setup({ bulkhead: { maxConcurrent: 1 } });
      await pipeline.execute(() => Promise.reject(http(500))).catch(() => {});
      expect(bulkhead!.active).toBe(0);
    });

    it('releases the caller at its timeout but keeps the slot until the body really ends', async () => {
      const { pipeline, clock, bulkhead } = setup({ timeoutMs: 100, bulkhead: { maxConcurrent: 1 } });
      // A body that ignores its AbortSignal, as many drivers and SDKs do, and runs 500 ms.
      const call = track(pipeline.execute(() => clock.sleep(500).then(() => 'late')));
      await clock.advanceAsync(100);
      expect(call.outcome).toMatchObject({ state: 'rejected' });
      expect(bulkhead!.active).toBe(1);
      await clock.advanceAsync(400);
      expect(bulkhead!.active).toBe(0);
    });

    it('turns a new call away while a timed-out body still holds the only slot', async () => {
      const { pipeline, clock, bulkhead } = setup({ timeoutMs: 100, bulkhead: { maxConcurrent: 1 } });
      track(pipeline.execute(() => clock.sleep(500)));
      await clock.advanceAsync(100);
      const next = track(pipeline.execute(async () => 'ok'));
      await clock.advanceAsync(0);
      expect(next.outcome).toMatchObject({ state: 'rejected', error: expect.any(BulkheadRejectedError) });
      expect(bulkhead!.active).toBe(1);
    });

    it('keeps the slot of a call its caller aborted until the body ends', async () => {
      const { pipeline, clock, bulkhead } = setup({ bulkhead: { maxConcurrent: 1 } });
      const controller = new AbortController();
      track(pipeline.execute(() => clock.sleep(50), { signal: controller.signal }));
      controller.abort();
      await clock.advanceAsync(0);
      expect(bulkhead!.active).toBe(1);
      await clock.advanceAsync(50);
      expect(bulkhead!.active).toBe(0);
    });

    it('frees the slot at once when an aborted body honours its signal', async () => {
      const { pipeline, clock, bulkhead } = setup({ bulkhead: { maxConcurrent: 1 } });
      const controller = new AbortController();
      const honours = ({ signal }: AttemptContext): Promise<never> =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      track(pipeline.execute(honours, { signal: controller.signal }));
      controller.abort();
      await clock.advanceAsync(0);
      expect(bulkhead!.active).toBe(0);
    });

    it('takes a call out of the queue when the caller aborts while it waits', async () => {
      const { pipeline, clock, bulkhead } = setup({ bulkhead: { maxConcurrent: 1, maxQueue: 1 } });
      bulkhead!.tryAcquire();
      const controller = new AbortController();
      track(pipeline.execute(async () => 'ok', { signal: controller.signal }));
      controller.abort();
      await clock.advanceAsync(0);
      expect(bulkhead!.queued).toBe(0);
    });

    it('runs a queued call once a slot frees up in time', async () => {
      const { pipeline, clock, bulkhead } = setup({
        timeoutMs: 100,
        bulkhead: { maxConcurrent: 1, maxQueue: 1 },
      });
      bulkhead!.tryAcquire();
      const call = track(pipeline.execute(async () => 'ok'));
      await clock.advanceAsync(50);
      bulkhead!.release();
      await clock.advanceAsync(0);
      expect(call.outcome).toEqual({ state: 'resolved', value: 'ok' });
    });

    it('rejects with reason queue_timeout when the queue wait runs out before the attempt timeout', async () => {
      const { pipeline, clock, bulkhead } = setup({
        timeoutMs: 1_000,
        bulkhead: { maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 100 },
      });
      bulkhead!.tryAcquire();
      const call = track(pipeline.execute(async () => 'ok'));
      await clock.advanceAsync(100);
      expect(call.error).toMatchObject({ name: 'BulkheadRejectedError', reason: 'queue_timeout' });
    });
  });
});

describe('PolicyPipeline caller aborts', () => {
  it('does not count a caller abort as a breaker failure, and frees the half-open probe slot', async () => {
    const clock = new FakeClock(T0);
    const breaker = new CircuitBreakerPolicy(
      'payments',
      { failureThreshold: 1, resetTimeoutMs: 1_000 },
      { clock },
    );
    const pipeline = new PolicyPipeline('payments', { breaker }, { clock });
    breaker.transitionTo('open');
    clock.advance(1_000);
    const controller = new AbortController();
    const aborted = pipeline.execute(hang, { signal: controller.signal }).catch((e: unknown) => e);
    expect(breaker.state).toBe('half_open');
    controller.abort(new Error('client went away'));
    expect(await aborted).toEqual(new Error('client went away'));
    expect(breaker.state).toBe('half_open');
    await expect(pipeline.execute(async () => 'probe')).resolves.toBe('probe');
    expect(breaker.state).toBe('closed');
  });
});

describe('PolicyPipeline: attempts cut by the caller deadline', () => {
  function hungDependencyWithBudgets(budgetMs: number, calls: number) {
    const { pipeline, clock, breaker } = setup({
      breaker: { failureThreshold: 2 },
      timeoutMs: 2_000,
    });
    return {
      breaker: breaker!,
      async run(): Promise<void> {
        for (let i = 0; i < calls; i++) {
          track(pipeline.execute(hang, { deadlineAt: clock.now() + budgetMs }));
          await clock.advanceAsync(budgetMs);
        }
      },
    };
  }

  it('trips the breaker of a hung dependency when every caller budget (1.5 s) is shorter than the 2 s timeout', async () => {
    const { breaker, run } = hungDependencyWithBudgets(1_500, 10);
    await run();
    expect(breaker.state).toBe('open');
  });

  it('never trips a healthy breaker for callers whose budget (100 ms) is below half the timeout', async () => {
    const { breaker, run } = hungDependencyWithBudgets(100, 10);
    await run();
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it('still answers the caller with DeadlineExceededError, not a timeout', async () => {
    const { pipeline, clock } = setup({ breaker: {}, timeoutMs: 2_000 });
    const call = track(pipeline.execute(hang, { deadlineAt: clock.now() + 1_500 }));
    await clock.advanceAsync(1_500);
    expect(call.error).toBeInstanceOf(DeadlineExceededError);
  });

  it('blames no dependency for a cut attempt that only waited for a bulkhead slot', async () => {
    const { pipeline, clock, breaker, bulkhead } = setup({
      breaker: { failureThreshold: 1 },
      timeoutMs: 2_000,
      bulkhead: { maxConcurrent: 1, maxQueue: 1 },
    });
    bulkhead!.tryAcquire();
    track(pipeline.execute(hang, { deadlineAt: clock.now() + 1_500 }));
    await clock.advanceAsync(1_500);
    expect(breaker!.state).toBe('closed');
  });

  it('honours deadlineCutFailureShare: with 0.9, a 1.5 s cut of a 2 s timeout counts for nothing', async () => {
    const clock = new FakeClock(T0);
    const breaker = new CircuitBreakerPolicy('p', { failureThreshold: 1 }, { clock });
    const timeout = new TimeoutPolicy('p', { timeoutMs: 2_000, deadlineCutFailureShare: 0.9 }, { clock });
    const pipeline = new PolicyPipeline('p', { breaker, timeout }, { clock });
    track(pipeline.execute(hang, { deadlineAt: clock.now() + 1_500 }));
    await clock.advanceAsync(1_500);
    expect(breaker.state).toBe('closed');
  });
});

describe('PolicyPipeline: cancellation of nested calls', () => {
  it("aborts a nested call's attempt signal when the caller aborts the outer call", async () => {
    const { pipeline: outer, clock } = setup();
    const { pipeline: inner } = setup({ timeoutMs: 60_000 });
    let innerSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const call = track(
      outer.execute(
        () =>
          inner.execute(({ signal }) => {
            innerSignal = signal;
            return hang();
          }),
        { signal: controller.signal },
      ),
    );
    await clock.advanceAsync(0);
    const reason = new Error('client went away');
    controller.abort(reason);
    await clock.advanceAsync(0);
    expect(call.error).toBe(reason);
    expect(innerSignal!.aborted).toBe(true);
    expect(innerSignal!.reason).toBe(reason);
  });

  it('cancels a nested call when the outer attempt, made under a deadline, times out', async () => {
    const { pipeline: outer, clock } = setup({ timeoutMs: 100 });
    const { pipeline: inner } = setup();
    let innerSignal: AbortSignal | undefined;
    const nested = { outcome: undefined as unknown };
    track(
      outer.execute(
        () => {
          const call = inner.execute(({ signal }) => {
            innerSignal = signal;
            return hang();
          });
          call.catch((error: unknown) => (nested.outcome = error));
          return call;
        },
        { deadlineAt: clock.now() + 10_000 },
      ),
    );
    await clock.advanceAsync(100);
    expect(innerSignal!.aborted).toBe(true);
    expect(nested.outcome).toBeInstanceOf(AttemptTimeoutError);
  });

  it('counts a nested call cancelled with its outer attempt as no failure of the inner breaker', async () => {
    const { pipeline: outer, clock } = setup({ timeoutMs: 100 });
    const { pipeline: inner, breaker } = setup({ breaker: { failureThreshold: 1 } });
    const nested = { outcome: undefined as unknown };
    track(
      outer.execute(
        () => {
          const call = inner.execute(hang);
          call.catch((error: unknown) => (nested.outcome = error));
          return call;
        },
        { deadlineAt: clock.now() + 10_000 },
      ),
    );
    await clock.advanceAsync(100);
    expect(nested.outcome).toBeInstanceOf(AttemptTimeoutError);
    expect(breaker!.state).toBe('closed');
    expect(breaker!.consecutiveFailures).toBe(0);
  });
});

describe('PolicyPipeline: retry on result', () => {
  const pending = (status: string) => ({ status });
  const isPending = (result: unknown): boolean => (result as { status: string }).status === 'pending';

  it('retries a result retryOnResult rejects and returns the first one it accepts', async () => {
    const { pipeline, clock } = setup({
      retry: { maxAttempts: 3, backoff: 'constant', baseDelayMs: 10, retryOnResult: isPending },
    });
    const { fn } = script(
      async () => pending('pending'),
      async () => pending('done'),
    );
    const call = track(pipeline.execute(fn));
    await clock.advanceAsync(10);
    expect(call.outcome).toEqual({ state: 'resolved', value: { status: 'done' } });
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('returns the last rejected result when attempts run out, and the breaker counts the call as failed', async () => {
    const { pipeline, clock, breaker } = setup({
      breaker: { failureThreshold: 1 },
      retry: { maxAttempts: 2, backoff: 'constant', baseDelayMs: 0, retryOnResult: isPending },
    });
    const call = track(pipeline.execute(async () => pending('pending')));
    await clock.advanceAsync(0);
    expect(call.outcome).toEqual({ state: 'resolved', value: { status: 'pending' } });
    expect(breaker!.state).toBe('open');
  });

  it('throws ResultRejectedError carrying the last result with throwOnRejectedResult', async () => {
    const { pipeline, clock } = setup({
      retry: {
        maxAttempts: 2,
        backoff: 'constant',
        baseDelayMs: 0,
        retryOnResult: isPending,
        throwOnRejectedResult: true,
      },
    });
    const call = track(pipeline.execute(async () => pending('pending')));
    await clock.advanceAsync(0);
    expect(call.error).toBeInstanceOf(ResultRejectedError);
    expect(call.error).toMatchObject({ policy: 'payments', result: { status: 'pending' } });
    expect(isRetriesExhausted(call.error)).toBe(true);
  });

  it('charges the retry budget a token for each rejected result', async () => {
    const clock = new FakeClock(T0);
    const retry = new RetryPolicy(
      'p',
      { maxAttempts: 3, backoff: 'constant', baseDelayMs: 0, retryOnResult: isPending },
      { clock },
    );
    const pipeline = new PolicyPipeline('p', { retry }, { clock });
    await pipeline.execute(async () => pending('pending'));
    expect(retry.budget!.tokens).toBe(7);
  });

  it("settles with retryOnResult's own error when it throws", async () => {
    const broken = new TypeError('no status');
    const { pipeline } = setup({
      retry: {
        retryOnResult: () => {
          throw broken;
        },
      },
    });
    await expect(pipeline.execute(async () => 'ok')).rejects.toBe(broken);
  });
});
