import {
  EventStream,
  FakeClock,
  ResiliencePolicy,
  type PolicyConfig,
  type ResilienceEvent,
} from '../core/index.js';
import { isMissingPolicyPartError } from './missing-policy-part.error.js';
import { spendRetryBudget } from './spend-retry-budget.helper.js';

const upstream503 = () => Object.assign(new Error('upstream 503'), { status: 503 });

function setup(config: PolicyConfig) {
  const clock = new FakeClock();
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((event) => seen.push(event));
  return { seen, policy: new ResiliencePolicy('payments', config, { clock, events }) };
}

describe('spendRetryBudget', () => {
  it('makes the next failed call end after one attempt with a budget_denied event', async () => {
    const { policy, seen } = setup({ retry: { maxAttempts: 3, baseDelayMs: 1_000 } });
    await spendRetryBudget(policy);
    let attempts = 0;
    const failing = () => {
      attempts++;
      return Promise.reject(upstream503());
    };
    await expect(policy.execute(failing)).rejects.toThrow('upstream 503');
    expect(attempts).toBe(1);
    expect(seen).toContainEqual(expect.objectContaining({ type: 'budget_denied', attempt: 1 }));
  });

  it('spends down to half the maximum, where the budget stops allowing retries, and no further', async () => {
    const { policy } = setup({ retry: { budget: { maxTokens: 4, tokenRatio: 0.5 } } });
    await spendRetryBudget(policy);
    expect(policy.snapshot().retryBudget).toEqual({ tokens: 2, maxTokens: 4 });
  });

  it('throws a MissingPolicyPartError when the retry has no budget', async () => {
    const { policy } = setup({ retry: { budget: false } });
    const error = await spendRetryBudget(policy).catch((e: unknown) => e);
    expect(isMissingPolicyPartError(error)).toBe(true);
  });

  it('throws a MissingPolicyPartError naming the policy when it has no retry', async () => {
    const { policy } = setup({ circuitBreaker: {} });
    await expect(spendRetryBudget(policy)).rejects.toThrow('Policy "payments" has no retry budget');
  });
});
