import type { ResiliencePolicy } from '../core/index.js';
import { MissingPolicyPartError } from './missing-policy-part.error.js';

/**
 * Spends the policy's retry budget so the next retry is refused. Tokens go as counted failures
 * take them (`RetryBudget.onFailure`, one each) until the budget allows no retry (tokens at or
 * below half its maximum): the next failed attempt that would be retried ends its call with a
 * `budget_denied` event instead. Each success refunds `tokenRatio`, so the budget allows retries
 * again once successes lift it past half. Throws {@link MissingPolicyPartError} when the policy
 * has no retry budget (no retry, or `budget: false`).
 * @example
 * await spendRetryBudget(registry.get('payments'));
 * await expect(client.charge(10)).rejects.toThrow(); // one attempt, no retry
 */
export async function spendRetryBudget(policy: ResiliencePolicy): Promise<void> {
  const budget = policy.budget;
  if (budget === undefined) throw new MissingPolicyPartError(policy.name, 'retry budget');
  while (budget.allowsRetry) budget.onFailure();
}
