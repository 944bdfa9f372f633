import { jest } from '@jest/globals';
import { FakeClock } from '../clock/fake-clock.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import type { PolicyConfig } from './policy-config.js';
import { ResiliencePolicy } from './resilience-policy.js';

const http = (status: number): Error => Object.assign(new Error(`HTTP ${status}`), { status });
const hang = (): Promise<never> => new Promise<never>(() => {});
const fail503 = (): Promise<never> => Promise.reject(http(503));

const full: PolicyConfig = {
  circuitBreaker: { failureThreshold: 2 },
  retry: { maxAttempts: 2, backoff: 'constant', baseDelayMs: 10 },
  timeoutMs: 100,
  bulkhead: { maxConcurrent: 1 },
  fallback: { on: ['broken_circuit'] },
};

function setup(config: PolicyConfig = full) {
  const clock = new FakeClock(0);
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const policy = new ResiliencePolicy('payments', config, { clock, events, random: () => 0.5 });
  return { clock, policy, seen };
}

describe('ResiliencePolicy', () => {
  describe('parts', () => {
    it('builds each configured part under the policy name', () => {
      const { policy } = setup();
      expect([policy.breaker?.name, policy.bulkhead?.name, policy.retry?.name, policy.timeoutMs]).toEqual([
        'payments',
        'payments',
        'payments',
        100,
      ]);
    });

    it('leaves out the parts that are not configured', () => {
      const { policy } = setup({});
      expect([policy.breaker, policy.bulkhead, policy.retry, policy.timeoutMs, policy.fallback]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('gives its retry the policy budget', () => {
      const { policy } = setup();
      expect(policy.retry!.budget).toBe(policy.budget);
    });

    it('has no budget when the retry disables it', () => {
      const { policy } = setup({ retry: { budget: false } });
      expect([policy.budget, policy.retry!.budget]).toEqual([undefined, undefined]);
    });

    it('rejects a negative timeoutMs, naming policy and option', () => {
      expect(() => new ResiliencePolicy('payments', { timeoutMs: -1 })).toThrow(
        'Policy "payments": timeoutMs must be a finite number > 0, got -1.',
      );
    });

    it('rejects timeoutMs 0, which would time every call out at once', () => {
      expect(() => new ResiliencePolicy('payments', { timeoutMs: 0 })).toThrow(
        'Policy "payments": timeoutMs must be a finite number > 0, got 0.',
      );
    });

    it('rejects invalid part options, naming the part', () => {
      expect(() => new ResiliencePolicy('payments', { bulkhead: { maxConcurrent: 0 } })).toThrow(
        'bulkhead.maxConcurrent',
      );
    });
  });

  describe('select', () => {
    it('shares one breaker across selections', async () => {
      const { policy } = setup({ circuitBreaker: { failureThreshold: 2 } });
      const a = policy.select({ circuitBreaker: true });
      const b = policy.select({ circuitBreaker: true });
      await a.execute(fail503).catch(() => {});
      await b.execute(fail503).catch(() => {});
      await expect(a.execute(async () => 'ok')).rejects.toBeInstanceOf(BrokenCircuitError);
    });

    it('shares one breaker between a selection and the whole pipeline', () => {
      const { policy } = setup();
      expect(policy.select({ circuitBreaker: true }).breaker).toBe(policy.pipeline.breaker);
    });

    it('shares one bulkhead across selections', async () => {
      const { policy } = setup({ bulkhead: { maxConcurrent: 1 } });
      void policy.select({ bulkhead: true }).execute(hang);
      await expect(policy.select({ bulkhead: true }).execute(async () => 'ok')).rejects.toBeInstanceOf(
        BulkheadRejectedError,
      );
    });

    it('runs a call-site retry on the shared policy budget', () => {
      const { policy } = setup();
      expect(policy.select({ retry: { maxAttempts: 5 } }).retry!.budget).toBe(policy.budget);
    });

    it('gives a call-site retry its own options', () => {
      const { policy } = setup();
      expect(policy.select({ retry: { maxAttempts: 5 } }).retry!.maxAttempts).toBe(5);
    });

    it('uses the policy retry for retry: true', () => {
      const { policy } = setup();
      expect(policy.select({ retry: true }).retry).toBe(policy.retry);
    });

    it('leaves out parts the selection does not ask for', () => {
      const { policy } = setup();
      const pipeline = policy.select({});
      expect([
        pipeline.breaker,
        pipeline.retry,
        pipeline.timeoutMs,
        pipeline.bulkhead,
        pipeline.fallback,
      ]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    });

    it('leaves out parts the policy does not configure, even when selected', () => {
      const { policy } = setup({});
      const pipeline = policy.select({ circuitBreaker: true, retry: true, timeout: true, bulkhead: true });
      expect([pipeline.breaker, pipeline.retry, pipeline.timeoutMs, pipeline.bulkhead]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('uses the policy timeout for timeout: true', () => {
      expect(setup().policy.select({ timeout: true }).timeoutMs).toBe(100);
    });

    it('uses a call-site timeout given as a number', async () => {
      const { policy, clock } = setup();
      const call = policy.select({ timeout: 30 }).execute(hang);
      const outcome = call.catch((e: unknown) => e);
      await clock.advanceAsync(30);
      expect(await outcome).toBeInstanceOf(AttemptTimeoutError);
    });

    it('answers every fallback kind when the policy configures no fallback', async () => {
      const { policy } = setup({ bulkhead: { maxConcurrent: 1 } });
      void policy.select({ bulkhead: true }).execute(hang);
      const pipeline = policy.select({ bulkhead: true, fallback: true });
      await expect(pipeline.execute(async () => 'fresh', { fallback: () => 'cached' })).resolves.toBe(
        'cached',
      );
    });

    it('answers only the configured fallback kinds', async () => {
      const { policy } = setup({ bulkhead: { maxConcurrent: 1 }, fallback: { on: ['broken_circuit'] } });
      void policy.select({ bulkhead: true }).execute(hang);
      const pipeline = policy.select({ bulkhead: true, fallback: true });
      await expect(
        pipeline.execute(async () => 'fresh', { fallback: () => 'cached' }),
      ).rejects.toBeInstanceOf(BulkheadRejectedError);
    });
  });

  describe('whole pipeline', () => {
    it('builds the whole stack once', () => {
      const { policy } = setup();
      expect(policy.pipeline).toBe(policy.pipeline);
    });

    it('runs calls through the whole stack, retry included', async () => {
      const { policy, clock } = setup();
      const fn = jest.fn(fail503);
      const outcome = policy.execute(fn).catch((e: unknown) => e);
      await clock.advanceAsync(1_000);
      await outcome;
      expect(fn).toHaveBeenCalledTimes(2);
    });

    it('reports through the shared event stream', async () => {
      const { policy, seen } = setup();
      policy.breaker!.transitionTo('forced_open');
      await policy.execute(async () => 'x').catch(() => {});
      expect(seen.map((e) => e.type)).toEqual(['state_change', 'call_outcome']);
    });
  });

  describe('snapshot', () => {
    it('reports the live state of every configured part', async () => {
      const { policy } = setup();
      void policy.select({ bulkhead: true }).execute(hang);
      expect(policy.snapshot()).toEqual({
        name: 'payments',
        circuitBreaker: expect.objectContaining({ state: 'closed', consecutiveFailures: 0 }),
        bulkhead: { active: 1, queued: 0, maxConcurrent: 1, maxQueue: 0 },
        retryBudget: { tokens: 10, maxTokens: 10 },
        timeoutMs: 100,
      });
    });

    it('reports null for the parts that are not configured', () => {
      const { policy } = setup({ retry: { budget: false } });
      expect(policy.snapshot()).toEqual({
        name: 'payments',
        circuitBreaker: null,
        bulkhead: null,
        retryBudget: null,
        timeoutMs: null,
      });
    });
  });
});

describe('ResiliencePolicy retry budget', () => {
  it('has no budget while nothing retries', () => {
    const policy = new ResiliencePolicy('catalog', { circuitBreaker: {} });
    expect(policy.budget).toBeUndefined();
    expect(policy.snapshot().retryBudget).toBeNull();
  });

  it('shares one budget between the policy retry and every call-site retry', () => {
    const policy = new ResiliencePolicy('payments', { retry: { budget: { maxTokens: 4 } } });
    const a = policy.select({ retry: { maxAttempts: 2 } }).retry!;
    const b = policy.select({ retry: { maxAttempts: 5 } }).retry!;
    expect(a.budget).toBe(policy.budget);
    expect(b.budget).toBe(policy.budget);
    expect(policy.budget!.maxTokens).toBe(4);
  });

  it('gives call-site retries no budget when the policy turns budgets off', () => {
    const policy = new ResiliencePolicy('payments', { retry: { budget: false } });
    expect(policy.select({ retry: { maxAttempts: 2 } }).retry!.budget).toBeUndefined();
    expect(policy.budget).toBeUndefined();
  });
});
