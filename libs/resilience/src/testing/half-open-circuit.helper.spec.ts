import { BrokenCircuitError, FakeClock, ResiliencePolicy, type PolicyConfig } from '../core/index.js';
import { halfOpenCircuit } from './half-open-circuit.helper.js';
import { isMissingPolicyPartError } from './missing-policy-part.error.js';

const hang = (): Promise<never> => new Promise<never>(() => {});

function setup(config: PolicyConfig, clock = new FakeClock()) {
  return { clock, policy: new ResiliencePolicy('payments', config, { clock }) };
}

describe('halfOpenCircuit', () => {
  it('leaves the breaker half-open, its open interval passed on the clock', async () => {
    const { policy, clock } = setup({ circuitBreaker: { resetTimeoutMs: 10_000 } });
    const start = clock.now();
    await halfOpenCircuit(policy, clock);
    expect(policy.breaker!.state).toBe('half_open');
    expect(clock.now() - start).toBe(10_000);
  });

  it('admits the next call as the one probe: it reaches the dependency and its success closes the breaker', async () => {
    const { policy, clock } = setup({ circuitBreaker: {} });
    await halfOpenCircuit(policy, clock);
    let ran = false;
    await policy.execute(() => Promise.resolve((ran = true)));
    expect(ran).toBe(true);
    expect(policy.breaker!.state).toBe('closed');
  });

  it('admits only that probe while it is out: the call after is rejected', async () => {
    const { policy, clock } = setup({ circuitBreaker: { halfOpenMaxCalls: 1 } });
    await halfOpenCircuit(policy, clock);
    void policy.execute(hang);
    await expect(policy.execute(() => Promise.resolve('second'))).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  it('passes an open interval grown by failed probes (openBackoff)', async () => {
    const { policy, clock } = setup({
      circuitBreaker: { resetTimeoutMs: 1_000, openBackoff: { multiplier: 3 } },
    });
    await halfOpenCircuit(policy, clock);
    await policy.execute(() => Promise.reject(new Error('probe failed'))).catch(() => undefined);
    const reopened = clock.now();
    await halfOpenCircuit(policy, clock);
    expect(policy.breaker!.state).toBe('half_open');
    expect(clock.now() - reopened).toBe(3_000);
  });

  it('throws a CircuitStateNotReachedError when the policy runs on another clock', async () => {
    const { policy } = setup({ circuitBreaker: {} });
    await expect(halfOpenCircuit(policy, new FakeClock())).rejects.toMatchObject({
      name: 'CircuitStateNotReachedError',
      expected: 'half_open',
      actual: 'open',
    });
  });

  it('throws a MissingPolicyPartError when the policy has no breaker', async () => {
    const { policy, clock } = setup({ timeoutMs: 100 });
    const error = await halfOpenCircuit(policy, clock).catch((e: unknown) => e);
    expect(isMissingPolicyPartError(error)).toBe(true);
  });
});
