import { FakeClock } from '../clock/fake-clock.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import type { PolicyConfig, PolicyConfigPatch } from './policy-config.js';
import { ResiliencePolicy } from './resilience-policy.js';

const config: PolicyConfig = {
  circuitBreaker: { failureThreshold: 5 },
  retry: { maxAttempts: 3, backoff: 'constant', baseDelayMs: 10 },
  timeoutMs: 1_000,
  bulkhead: { maxConcurrent: 4 },
};

function setup(policyConfig: PolicyConfig = config) {
  const clock = new FakeClock(0);
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const policy = new ResiliencePolicy('payments', policyConfig, { clock, events });
  return { clock, policy, seen };
}

function failureOf(fn: () => unknown): InvalidPolicyConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidPolicyConfigError) return error;
    throw error;
  }
  throw new Error('expected an InvalidPolicyConfigError');
}

describe('ResiliencePolicy.reconfigure', () => {
  it('changes every part the patch names and returns each change with its effective values', () => {
    const { policy } = setup();
    const changes = policy.reconfigure({
      circuitBreaker: { failureThreshold: 3 },
      retry: { budget: { maxTokens: 20 } },
      timeoutMs: 1_500,
      bulkhead: { maxQueue: 8 },
    });
    expect(changes).toEqual([
      { path: 'circuitBreaker.failureThreshold', from: 5, to: 3 },
      { path: 'retry.budget.maxTokens', from: 10, to: 20 },
      { path: 'timeoutMs', from: 1_000, to: 1_500 },
      { path: 'bulkhead.maxQueue', from: 0, to: 8 },
    ]);
  });

  it('reports the change to subscribers as one reconfigured event', () => {
    const { policy, seen } = setup();
    policy.reconfigure({ circuitBreaker: { failureThreshold: 3 } });
    expect(seen).toEqual([
      {
        type: 'reconfigured',
        policy: 'payments',
        changes: [{ path: 'circuitBreaker.failureThreshold', from: 5, to: 3 }],
      },
    ]);
  });

  it('reports nothing for a patch that changes nothing', () => {
    const { policy, seen } = setup();
    expect([policy.reconfigure({ timeoutMs: 1_000, bulkhead: {} }), seen]).toEqual([[], []]);
  });

  it('reports a replaced predicate with the functions before and after', () => {
    const { policy } = setup();
    const isFailure = (): boolean => true;
    expect(policy.reconfigure({ circuitBreaker: { isFailure } })).toEqual([
      { path: 'circuitBreaker.isFailure', from: null, to: isFailure },
    ]);
  });

  it('changes nothing in any part when one part of the patch is invalid', () => {
    const { policy } = setup();
    const before = policy.settings();
    const error = failureOf(() =>
      policy.reconfigure({
        circuitBreaker: { failureThreshold: 2 },
        timeoutMs: 500,
        bulkhead: { maxConcurrent: 0 },
      }),
    );
    expect([error.path, policy.settings()]).toEqual(['bulkhead.maxConcurrent', before]);
  });

  it('keeps its configuration in step: the patch merged in, null options gone', () => {
    const { policy } = setup();
    policy.reconfigure({ circuitBreaker: { failureThreshold: null, resetTimeoutMs: 5_000 }, timeoutMs: 800 });
    expect(policy.config).toEqual({
      ...config,
      circuitBreaker: { resetTimeoutMs: 5_000 },
      timeoutMs: 800,
    });
  });

  it('reports every setting in effect, defaults applied', () => {
    const { policy } = setup({ circuitBreaker: {}, retry: { budget: false }, bulkhead: {} });
    expect(policy.settings()).toMatchObject({
      circuitBreaker: { failureThreshold: 5, slidingWindow: { type: 'count', size: 100 } },
      retry: { maxAttempts: 3, budget: null },
      timeoutMs: null,
      deadlineCutFailureShare: 0.5,
      bulkhead: { maxConcurrent: 10, maxQueue: 0, queueTimeoutMs: null },
    });
  });

  it('times out calls of the whole pipeline once a timeout is added at runtime', async () => {
    const { policy, clock } = setup({ circuitBreaker: {} });
    policy.reconfigure({ timeoutMs: 100 });
    const call = policy.execute(() => new Promise<never>(() => {})).catch((error: unknown) => error);
    await clock.advanceAsync(100);
    expect(await call).toBeInstanceOf(AttemptTimeoutError);
  });

  it('gives call sites with their own retry options the reconfigured budget, not the new attempts', () => {
    const { policy } = setup();
    const own = policy.select({ retry: { maxAttempts: 5 } }).retry!;
    policy.reconfigure({ retry: { maxAttempts: 2, budget: { maxTokens: 4 } } });
    expect([own.maxAttempts, own.budget!.maxTokens]).toEqual([5, 4]);
  });

  it.each<[PolicyConfigPatch, string, RegExp]>([
    [{ bulkhead: { maxConcurrent: 2 } }, 'bulkhead', /cannot be added at runtime/],
    [{ circuitBreaker: null }, 'circuitBreaker', /cannot be removed at runtime/],
    [{ fallback: { on: ['timeout'] } }, 'fallback', /cannot be changed at runtime/],
    [{ retry: 3 as never }, 'retry', /must be an object, got 3/],
  ])('refuses %p, naming %s', (patch, path, problem) => {
    const { policy } = setup({ circuitBreaker: {}, retry: {} });
    const error = failureOf(() => policy.reconfigure(patch));
    expect([error.path, error.problem]).toEqual([path, expect.stringMatching(problem)]);
  });

  it('accepts null for a part it was built without: there is nothing to restore', () => {
    const { policy } = setup({ circuitBreaker: {} });
    expect(policy.reconfigure({ bulkhead: null })).toEqual([]);
  });
});
