import { jest } from '@jest/globals';
import { FakeClock } from '../clock/fake-clock.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import { isRetriesExhausted } from './retries-exhausted.js';
import { RetryBudget } from './retry-budget.js';
import type { RetryOptions } from './retry.options.js';
import { PolicyPipeline } from '../pipeline/policy-pipeline.js';
import { RetryPolicy, STOP, type RetryDeps } from './retry.policy.js';

const http = (status: number, extra: object = {}): Error =>
  Object.assign(new Error(`HTTP ${status}`), { status }, extra);

function setup(options: RetryOptions = {}, deps: RetryDeps = {}) {
  const clock = new FakeClock(0);
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const retry = new RetryPolicy('payments', options, { clock, events, random: () => 0.5, ...deps });
  return { clock, retry, seen };
}

/** Runs `fn` through a pipeline of just `retry`: how a retry runs alone. */
function runThrough<T>(
  retry: RetryPolicy,
  clock: FakeClock,
  fn: (attempt: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  return new PolicyPipeline(retry.name, { retry }, { clock }).execute(({ attempt }) => fn(attempt), {
    signal,
  });
}

/** Runs `retry` over a dependency that fails with `errors` in turn, then succeeds. */
async function runFailing(retry: RetryPolicy, clock: FakeClock, errors: unknown[]) {
  const calledAt: number[] = [];
  const fn = jest.fn(async () => {
    calledAt.push(clock.now());
    if (calledAt.length <= errors.length) throw errors[calledAt.length - 1];
    return 'ok';
  });
  const result = runThrough(retry, clock, fn).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await clock.advanceAsync(600_000);
  return { outcome: await result, calledAt, fn };
}

describe('RetryPolicy', () => {
  describe('attempts', () => {
    it('makes 3 attempts in all by default, the first included', async () => {
      const { retry, clock } = setup();
      const { fn } = await runFailing(retry, clock, Array(10).fill(http(503)));
      expect(fn).toHaveBeenCalledTimes(3);
    });

    it('makes maxAttempts attempts in all', async () => {
      const { retry, clock } = setup({ maxAttempts: 5, budget: false });
      const { fn } = await runFailing(retry, clock, Array(10).fill(http(503)));
      expect(fn).toHaveBeenCalledTimes(5);
    });

    it('does not retry with maxAttempts 1', async () => {
      const { retry, clock } = setup({ maxAttempts: 1 });
      const { fn } = await runFailing(retry, clock, [http(503)]);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('returns the value of the first attempt that succeeds', async () => {
      const { retry, clock } = setup();
      const { outcome } = await runFailing(retry, clock, [http(503)]);
      expect(outcome).toEqual({ value: 'ok' });
    });

    it('rethrows the last error once attempts run out', async () => {
      const { retry, clock } = setup();
      const last = http(502);
      const { outcome } = await runFailing(retry, clock, [http(503), http(504), last]);
      expect(outcome).toEqual({ error: last });
    });

    it('marks an error it gave up on as retries exhausted', async () => {
      const { retry, clock } = setup();
      const { outcome } = await runFailing(retry, clock, Array(3).fill(http(503)));
      expect(isRetriesExhausted((outcome as { error: unknown }).error)).toBe(true);
    });
  });

  describe('which errors', () => {
    it('does not retry a 4xx other than 429', async () => {
      const { retry, clock } = setup();
      const { fn } = await runFailing(retry, clock, [http(400)]);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('does not mark an error it may not retry as retries exhausted', async () => {
      const { retry, clock } = setup();
      const error = http(404);
      await runFailing(retry, clock, [error]);
      expect(isRetriesExhausted(error)).toBe(false);
    });

    it('does not retry an unknown error', async () => {
      const { retry, clock } = setup();
      const { fn } = await runFailing(retry, clock, [new Error('odd')]);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('retries a 429', async () => {
      const { retry, clock } = setup();
      const { fn } = await runFailing(retry, clock, [http(429)]);
      expect(fn).toHaveBeenCalledTimes(2);
    });

    it('retries a network error', async () => {
      const { retry, clock } = setup();
      const { fn } = await runFailing(retry, clock, [
        Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
      ]);
      expect(fn).toHaveBeenCalledTimes(2);
    });

    it('retries only what a custom predicate allows', async () => {
      const { retry, clock } = setup({ isRetryable: (e) => e instanceof RangeError });
      const { fn } = await runFailing(retry, clock, [new RangeError('a'), new TypeError('b')]);
      expect(fn).toHaveBeenCalledTimes(2);
    });
  });

  describe('delays', () => {
    it('waits by the configured backoff between attempts', async () => {
      const { retry, clock } = setup({
        backoff: 'exponential_no_jitter',
        baseDelayMs: 100,
        maxAttempts: 4,
        budget: false,
      });
      const { calledAt } = await runFailing(retry, clock, Array(3).fill(http(503)));
      expect(calledAt).toEqual([0, 100, 300, 700]);
    });

    it('draws full-jitter delays from the injected random source by default', async () => {
      const { retry, clock } = setup({ baseDelayMs: 100 }, { random: () => 0.25 });
      const { calledAt } = await runFailing(retry, clock, Array(2).fill(http(503)));
      expect(calledAt).toEqual([0, 25, 25 + 50]);
    });

    it('grows decorrelated delays from the previous delay', async () => {
      const { retry, clock } = setup(
        { backoff: 'decorrelated', baseDelayMs: 100, maxAttempts: 3 },
        { random: () => 0.5 },
      );
      const { calledAt } = await runFailing(retry, clock, Array(2).fill(http(503)));
      // first: 100 + 0.5 * (max(100, 0) - 100) = 100; second: 100 + 0.5 * (300 - 100) = 200
      expect(calledAt).toEqual([0, 100, 300]);
    });

    it('waits at least as long as a Retry-After header asks', async () => {
      const { retry, clock } = setup({ backoff: 'constant', baseDelayMs: 100 });
      const { calledAt } = await runFailing(retry, clock, [
        http(429, { response: { status: 429, headers: { 'retry-after': '2' } } }),
      ]);
      expect(calledAt).toEqual([0, 2_000]);
    });

    it('waits as long as an error retryAfterMs asks', async () => {
      const { retry, clock } = setup({ backoff: 'constant', baseDelayMs: 100 });
      const { calledAt } = await runFailing(retry, clock, [http(503, { retryAfterMs: 1_234 })]);
      expect(calledAt).toEqual([0, 1_234]);
    });

    it('keeps its own backoff when it is longer than Retry-After', async () => {
      const { retry, clock } = setup({ backoff: 'constant', baseDelayMs: 500 });
      const { calledAt } = await runFailing(retry, clock, [http(503, { retryAfterMs: 10 })]);
      expect(calledAt).toEqual([0, 500]);
    });

    it('stops retrying when Retry-After asks for longer than maxDelayMs', async () => {
      const { retry, clock } = setup({ maxDelayMs: 1_000 });
      const error = http(503, { response: { status: 503, headers: { 'retry-after': '30' } } });
      const { fn, outcome } = await runFailing(retry, clock, [error]);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(outcome).toEqual({ error });
    });

    it('marks the error as retries exhausted when Retry-After is too long', () => {
      const { retry } = setup({ maxDelayMs: 1_000 });
      const error = http(429, { retryAfterMs: 5_000 });
      retry.delayBeforeNext(error, 1, 0);
      expect(isRetriesExhausted(error)).toBe(true);
    });
  });

  it('measures a Retry-After HTTP date from the wall clock, not the monotonic one', () => {
    const { clock, retry } = setup({ backoff: 'constant', baseDelayMs: 0 });
    clock.stepWallClock(3_000); // the wall clock runs 3 s ahead of the monotonic one
    const date = new Date(clock.epochNow() + 2_000).toUTCString();
    const error = http(503, { response: { status: 503, headers: { 'retry-after': date } } });
    const delay = retry.delayBeforeNext(error, 1, 0);
    // toUTCString drops the milliseconds, so the date lands up to 1 s early.
    expect(delay).toBeGreaterThan(1_000);
    expect(delay).toBeLessThanOrEqual(2_000);
  });

  describe('deadline', () => {
    it('stops when the next attempt could only start at or after the deadline', () => {
      const { retry } = setup({ backoff: 'constant', baseDelayMs: 100 });
      expect(retry.delayBeforeNext(http(503), 1, 0, 100)).toBe(STOP);
    });

    it('marks the error as retries exhausted when the deadline stops it', () => {
      const { retry } = setup({ backoff: 'constant', baseDelayMs: 100 });
      const error = http(503);
      retry.delayBeforeNext(error, 1, 0, 50);
      expect(isRetriesExhausted(error)).toBe(true);
    });

    it('retries when the next attempt starts before the deadline', () => {
      const { retry } = setup({ backoff: 'constant', baseDelayMs: 100 });
      expect(retry.delayBeforeNext(http(503), 1, 0, 101)).toBe(100);
    });

    it('counts a Retry-After wait against the deadline', () => {
      const { retry } = setup({ backoff: 'constant', baseDelayMs: 10 });
      expect(retry.delayBeforeNext(http(503, { retryAfterMs: 500 }), 1, 0, 400)).toBe(STOP);
    });
  });

  describe('budget', () => {
    it('stops retrying once the shared budget is down to half', async () => {
      const budget = new RetryBudget('payments');
      for (let i = 0; i < 4; i++) budget.onFailure();
      const { retry, clock } = setup({ maxAttempts: 10 }, { budget });
      const { fn } = await runFailing(retry, clock, Array(10).fill(http(503)));
      // 6 tokens: the first failure leaves 5 (= max/2), which denies the retry.
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('never throttles a first attempt', async () => {
      const budget = new RetryBudget('payments');
      for (let i = 0; i < 10; i++) budget.onFailure();
      const { retry, clock } = setup({}, { budget });
      const { fn } = await runFailing(retry, clock, []);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('charges one token per retryable failure', () => {
      const { retry } = setup();
      retry.delayBeforeNext(http(503), 1, 0);
      expect(retry.budget!.tokens).toBe(9);
    });

    it('charges nothing for an error it may not retry', () => {
      const { retry } = setup();
      retry.delayBeforeNext(http(400), 1, 0);
      expect(retry.budget!.tokens).toBe(10);
    });

    it('refunds tokenRatio on a success', () => {
      const { retry } = setup({ budget: { tokenRatio: 0.5 } });
      retry.delayBeforeNext(http(503), 1, 0);
      retry.onSuccess(2);
      expect(retry.budget!.tokens).toBe(9.5);
    });

    it('marks the error as retries exhausted when the budget denies the retry', () => {
      const { retry } = setup({ budget: { maxTokens: 2 } });
      const error = http(503);
      retry.delayBeforeNext(error, 1, 0);
      expect(isRetriesExhausted(error)).toBe(true);
    });

    it('reports a denied retry with the tokens left', () => {
      const { retry, seen } = setup({ budget: { maxTokens: 2 } });
      retry.delayBeforeNext(http(503), 1, 0);
      expect(seen).toContainEqual({ type: 'budget_denied', policy: 'payments', attempt: 1, tokens: 1 });
    });

    it('has no budget with budget: false', () => {
      expect(setup({ budget: false }).retry.budget).toBeUndefined();
    });
  });

  describe('events', () => {
    it('reports each scheduled retry with its delay and error', () => {
      const { retry, seen } = setup({ backoff: 'constant', baseDelayMs: 100 });
      const error = http(503);
      retry.delayBeforeNext(error, 1, 0);
      expect(seen).toEqual([
        { type: 'retry_scheduled', policy: 'payments', attempt: 1, delayMs: 100, error },
      ]);
    });

    it('reports a success that needed retries', () => {
      const { retry, seen } = setup();
      retry.onSuccess(2);
      expect(seen).toEqual([{ type: 'retry_succeeded', policy: 'payments', attempt: 2 }]);
    });

    it('reports nothing for a first-attempt success', () => {
      const { retry, seen } = setup();
      retry.onSuccess(1);
      expect(seen).toEqual([]);
    });
  });

  describe('alone, in a pipeline of just the retry', () => {
    it('ends with the signal reason when aborted during a backoff sleep', async () => {
      const { retry, clock } = setup({ backoff: 'constant', baseDelayMs: 1_000 });
      const controller = new AbortController();
      const fn = jest.fn(async () => {
        throw http(503);
      });
      const result = runThrough(retry, clock, fn, controller.signal);
      await clock.advanceAsync(500);
      const reason = new Error('caller gone');
      controller.abort(reason);
      await expect(result).rejects.toBe(reason);
    });

    it('passes the attempt number to the function', async () => {
      const { retry, clock } = setup({ backoff: 'constant', baseDelayMs: 0 });
      const attempts: number[] = [];
      const result = runThrough(retry, clock, async (n) => {
        attempts.push(n);
        if (n < 3) throw http(503);
        return n;
      });
      await clock.advanceAsync(0);
      await result;
      expect(attempts).toEqual([1, 2, 3]);
    });
  });

  describe('options', () => {
    it('uses the documented defaults', () => {
      const { retry } = setup();
      expect({
        maxAttempts: retry.maxAttempts,
        backoff: retry.backoff,
        baseDelayMs: retry.baseDelayMs,
        maxDelayMs: retry.maxDelayMs,
        maxTokens: retry.budget?.maxTokens,
        tokenRatio: retry.budget?.tokenRatio,
      }).toEqual({
        maxAttempts: 3,
        backoff: 'exponential',
        baseDelayMs: 100,
        maxDelayMs: 5_000,
        maxTokens: 10,
        tokenRatio: 0.1,
      });
    });

    it('rejects maxAttempts 0, naming policy and option', () => {
      expect(() => new RetryPolicy('payments', { maxAttempts: 0 })).toThrow(
        'Policy "payments": retry.maxAttempts must be an integer >= 1, got 0.',
      );
    });

    it('rejects an unknown backoff, naming policy and option', () => {
      expect(() => new RetryPolicy('payments', { backoff: 'linear' as 'constant' })).toThrow(
        'Policy "payments": retry.backoff must be one of',
      );
    });

    it('rejects a negative baseDelayMs, naming policy and option', () => {
      expect(() => new RetryPolicy('payments', { baseDelayMs: -1 })).toThrow('retry.baseDelayMs');
    });
  });
});
