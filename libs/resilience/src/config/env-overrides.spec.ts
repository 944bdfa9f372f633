import { ResiliencePolicy, type PolicyConfig } from '../core/index.js';
import { applyEnvOverrides, envPrefixOf, resolveEnvOverrides } from './env-overrides.js';

const isFailure = () => true;
const policies: Record<string, PolicyConfig> = {
  payments: { circuitBreaker: { failureThreshold: 5, isFailure }, timeoutMs: 2_000 },
  'order-store': { bulkhead: { maxConcurrent: 4 } },
};

describe('applyEnvOverrides', () => {
  it('overrides numbers and strings by RESILIENCE_<POLICY>_<OPTION>, keeping predicates', () => {
    const result = applyEnvOverrides(policies, {
      RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '3',
      RESILIENCE_PAYMENTS_TIMEOUT_MS: '1500',
      RESILIENCE_PAYMENTS_RETRY_BACKOFF: 'constant',
      RESILIENCE_ORDER_STORE_BULKHEAD_MAX_QUEUE: '10',
    });
    expect(result.payments).toEqual({
      circuitBreaker: { failureThreshold: 3, isFailure },
      timeoutMs: 1_500,
      retry: { backoff: 'constant' },
    });
    expect(result['order-store']).toEqual({ bulkhead: { maxConcurrent: 4, maxQueue: 10 } });
  });

  it('gives a variable to the policy whose name it spells in full, not to a policy named by its prefix', () => {
    const result = applyEnvOverrides(
      { payments: { timeoutMs: 2_000 }, 'payments-eu': { timeoutMs: 2_000 } },
      { RESILIENCE_PAYMENTS_EU_TIMEOUT_MS: '900' },
    );
    expect(result).toEqual({ payments: { timeoutMs: 2_000 }, 'payments-eu': { timeoutMs: 900 } });
  });

  it('gives a variable that reads as an option of the shorter name to that policy alone', () => {
    const result = applyEnvOverrides(
      { payments: { retry: {} }, 'payments-retry': { retry: {} } },
      { RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '5' },
    );
    expect(result).toEqual({ payments: { retry: { maxAttempts: 5 } }, 'payments-retry': { retry: {} } });
  });

  it('fails, naming both policies, on a variable that reads as an option of two of them', () => {
    expect(() =>
      applyEnvOverrides({ 'order-store': {}, order_store: {} }, { RESILIENCE_ORDER_STORE_TIMEOUT_MS: '900' }),
    ).toThrow(
      'RESILIENCE_ORDER_STORE_TIMEOUT_MS fits the policies "order-store" and "order_store": rename one of them.',
    );
  });

  it('names the policy with the longest matching name when a variable fits no option', () => {
    expect(() =>
      applyEnvOverrides({ payments: {}, 'payments-eu': {} }, { RESILIENCE_PAYMENTS_EU_TIMEOUT: '900' }),
    ).toThrow('Policy "payments-eu": RESILIENCE_PAYMENTS_EU_TIMEOUT is not an option');
  });

  it('says which variable set each option', () => {
    const { sources } = resolveEnvOverrides(policies, {
      RESILIENCE_PAYMENTS_TIMEOUT_MS: '1500',
      RESILIENCE_ORDER_STORE_BULKHEAD_MAX_QUEUE: '10',
    });
    expect(sources.get('payments')).toEqual(new Map([['timeoutMs', 'RESILIENCE_PAYMENTS_TIMEOUT_MS']]));
    expect(sources.get('order-store')).toEqual(
      new Map([['bulkhead.maxQueue', 'RESILIENCE_ORDER_STORE_BULKHEAD_MAX_QUEUE']]),
    );
  });

  it('leaves the given configuration untouched', () => {
    applyEnvOverrides(policies, { RESILIENCE_PAYMENTS_TIMEOUT_MS: '1' });
    expect(policies.payments.timeoutMs).toBe(2_000);
  });

  it('rejects an unknown option, naming the variable', () => {
    expect(() => applyEnvOverrides(policies, { RESILIENCE_PAYMENTS_TIMEOUT: '5' })).toThrow(
      'Policy "payments": RESILIENCE_PAYMENTS_TIMEOUT is not an option that can be set from the environment.',
    );
  });

  it('rejects a number that is not one', () => {
    expect(() => applyEnvOverrides(policies, { RESILIENCE_PAYMENTS_TIMEOUT_MS: 'soon' })).toThrow(
      'RESILIENCE_PAYMENTS_TIMEOUT_MS must be a number, got "soon"',
    );
  });

  it('leaves range checks to the policy, which fails at construction', () => {
    const result = applyEnvOverrides(policies, {
      RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '0',
    });
    expect(() => new ResiliencePolicy('payments', result.payments)).toThrow(
      'circuitBreaker.failureThreshold',
    );
  });

  it('derives the prefix from the policy name', () => {
    expect(envPrefixOf('order-store')).toBe('RESILIENCE_ORDER_STORE_');
  });
});
