import {
  BrokenCircuitError,
  EventStream,
  FakeClock,
  ResiliencePolicy,
  type PolicyConfig,
  type ResilienceEvent,
} from '../core/index.js';
import {
  isCircuitStateNotReachedError,
  type CircuitStateNotReachedError,
} from './circuit-state-not-reached.error.js';
import { isMissingPolicyPartError } from './missing-policy-part.error.js';
import { openCircuit } from './open-circuit.helper.js';

function setup(config: PolicyConfig) {
  const clock = new FakeClock();
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((event) => seen.push(event));
  return { clock, seen, policy: new ResiliencePolicy('payments', config, { clock, events }) };
}

const succeed = (policy: ResiliencePolicy, times: number) =>
  Array.from({ length: times }).reduce<Promise<unknown>>(
    (previous) => previous.then(() => policy.execute(() => Promise.resolve('ok'))),
    Promise.resolve(),
  );

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('openCircuit', () => {
  it('opens a breaker through failureThreshold counted failures, to the real open state', async () => {
    const { policy, seen } = setup({ circuitBreaker: { failureThreshold: 3 } });
    await openCircuit(policy);
    expect(policy.breaker!.state).toBe('open');
    expect(seen.filter((e) => e.type === 'call_outcome' && e.outcome === 'failure')).toHaveLength(3);
    expect(seen).toContainEqual(
      expect.objectContaining({ type: 'state_change', reason: 'consecutive_failures' }),
    );
  });

  it('leaves the breaker rejecting the next call without running it', async () => {
    const { policy } = setup({ circuitBreaker: {} });
    await openCircuit(policy);
    let ran = false;
    const call = policy.execute(() => Promise.resolve((ran = true)));
    await expect(call).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(ran).toBe(false);
  });

  it('neither retries, sleeps nor spends the budget of a policy whose retry retries everything', async () => {
    const { policy, seen } = setup({
      circuitBreaker: { failureThreshold: 2 },
      retry: { maxAttempts: 5, baseDelayMs: 1_000, isRetryable: () => true },
      timeoutMs: 500,
    });
    await openCircuit(policy);
    expect(seen.some((e) => e.type === 'retry_scheduled')).toBe(false);
    expect(policy.snapshot().retryBudget).toEqual({ tokens: 10, maxTokens: 10 });
  });

  it('opens a count window on its failure rate when consecutive failures never would', async () => {
    const { policy } = setup({
      circuitBreaker: {
        failureThreshold: Infinity,
        failureRateThreshold: 50,
        slidingWindow: { type: 'count', size: 20, minimumCalls: 10 },
      },
    });
    await succeed(policy, 15);
    await openCircuit(policy);
    expect(policy.breaker!.state).toBe('open');
  });

  it('opens a time window on its failure rate over the successes it holds', async () => {
    const { policy } = setup({
      circuitBreaker: {
        failureThreshold: Infinity,
        failureRateThreshold: 60,
        slidingWindow: { type: 'time', size: 30, minimumCalls: 5 },
      },
    });
    await succeed(policy, 40);
    await openCircuit(policy);
    expect(policy.breaker!.snapshot()).toMatchObject({ state: 'open' });
  });

  it('opens a half-open breaker with one failed probe', async () => {
    const { policy, clock } = setup({ circuitBreaker: { resetTimeoutMs: 1_000 } });
    policy.breaker!.transitionTo('open');
    await clock.advanceAsync(1_000);
    await openCircuit(policy);
    expect(policy.breaker!.state).toBe('open');
    expect(policy.breaker!.snapshot().consecutiveFailures).toBe(1);
  });

  it('uses the error given, for a breaker whose isFailure ignores the default one', async () => {
    const timeoutOnly = (error: unknown) => error instanceof Error && error.message === 'socket hang up';
    const { policy } = setup({ circuitBreaker: { failureThreshold: 2, isFailure: timeoutOnly } });
    await openCircuit(policy, { error: new Error('socket hang up') });
    expect(policy.breaker!.state).toBe('open');
  });

  it('throws a CircuitStateNotReachedError naming isFailure when the breaker does not count the error', async () => {
    const { policy } = setup({ circuitBreaker: { isFailure: () => false } });
    const error = await rejectionOf(openCircuit(policy));
    expect(isCircuitStateNotReachedError(error)).toBe(true);
    expect((error as CircuitStateNotReachedError).message).toMatch(/isFailure/);
  });

  it('throws a MissingPolicyPartError when the policy has no breaker', async () => {
    const { policy } = setup({ retry: {} });
    const error = await rejectionOf(openCircuit(policy));
    expect(isMissingPolicyPartError(error)).toBe(true);
  });

  it('throws instead of overriding an operator: a forced_open breaker stays forced_open', async () => {
    const { policy } = setup({ circuitBreaker: {} });
    policy.breaker!.transitionTo('forced_open');
    const error = await rejectionOf(openCircuit(policy));
    expect(error).toMatchObject({
      name: 'CircuitStateNotReachedError',
      expected: 'open',
      actual: 'forced_open',
    });
    expect(policy.breaker!.state).toBe('forced_open');
  });

  it('throws when the settings open the breaker on no number of failures', async () => {
    const { policy } = setup({ circuitBreaker: { failureThreshold: Infinity, slowCallRateThreshold: 50 } });
    await expect(openCircuit(policy)).rejects.toThrow(/opens on no number of failures/);
  });

  it('throws, naming the calls made, when the breaker is still closed after the calls its settings need', async () => {
    const { policy } = setup({
      circuitBreaker: {
        failureThreshold: Infinity,
        failureRateThreshold: 100,
        slidingWindow: { type: 'time', size: 30, minimumCalls: 5 },
      },
    });
    await succeed(policy, 1);
    await expect(openCircuit(policy)).rejects.toThrow(/is closed after 4 counted failures/);
  });
});
