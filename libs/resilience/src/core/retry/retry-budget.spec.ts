import { RetryBudget } from './retry-budget.js';

function budgetAfter(failures: number, options = {}): RetryBudget {
  const budget = new RetryBudget('payments', options);
  for (let i = 0; i < failures; i++) budget.onFailure();
  return budget;
}

describe('RetryBudget', () => {
  it('starts full with 10 tokens and a refund of 0.1 by default', () => {
    const budget = new RetryBudget('payments');
    expect({ tokens: budget.tokens, maxTokens: budget.maxTokens, tokenRatio: budget.tokenRatio }).toEqual({
      tokens: 10,
      maxTokens: 10,
      tokenRatio: 0.1,
    });
  });

  it('charges one token per counted failure', () => {
    expect(budgetAfter(3).tokens).toBe(7);
  });

  it('never drops below zero tokens', () => {
    expect(budgetAfter(25).tokens).toBe(0);
  });

  it('refunds tokenRatio per success', () => {
    const budget = budgetAfter(2, { tokenRatio: 0.5 });
    budget.onSuccess();
    expect(budget.tokens).toBe(8.5);
  });

  it('never refunds above maxTokens', () => {
    const budget = budgetAfter(0);
    budget.onSuccess();
    expect(budget.tokens).toBe(10);
  });

  it('allows retries while tokens are above half of maxTokens', () => {
    expect(budgetAfter(4).allowsRetry).toBe(true);
  });

  it('stops retries once tokens fall to half of maxTokens', () => {
    expect(budgetAfter(5).allowsRetry).toBe(false);
  });

  it('allows retries again once successes refund it above half', () => {
    const budget = budgetAfter(5, { tokenRatio: 0.1 });
    budget.onSuccess();
    expect(budget.allowsRetry).toBe(true);
  });

  it('rejects a maxTokens below 1, naming the option', () => {
    expect(() => new RetryBudget('payments', { maxTokens: 0 })).toThrow(
      'Policy "payments": retry.budget.maxTokens must be a finite number >= 1, got 0.',
    );
  });

  it('rejects a negative tokenRatio, naming the option', () => {
    expect(() => new RetryBudget('payments', { tokenRatio: -0.1 })).toThrow('retry.budget.tokenRatio');
  });
});
