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

  it('counts refunds exactly: three failures and 15 refunds of 0.1 leave 8.5 of 10, not 8.500000000000002', () => {
    const budget = new RetryBudget('payments', { maxTokens: 3 });
    for (let i = 0; i < 3; i++) budget.onFailure();
    for (let i = 0; i < 15; i++) budget.onSuccess();
    expect(budget.tokens).toBe(1.5);
    expect(budget.allowsRetry).toBe(false); // 1.5 is not above half of 3
    budget.onSuccess();
    expect(budget.allowsRetry).toBe(true);
  });

  it('keeps three decimals of tokenRatio, as gRPC does', () => {
    expect(new RetryBudget('payments', { tokenRatio: 0.12345 }).tokenRatio).toBe(0.123);
  });

  it('rejects maxTokens 0, naming the option', () => {
    expect(() => new RetryBudget('payments', { maxTokens: 0 })).toThrow(
      'Policy "payments": retry.budget.maxTokens must be a number in (0, 1000], got 0.',
    );
  });

  it('rejects maxTokens above the 1000 gRPC A6 allows', () => {
    expect(() => new RetryBudget('payments', { maxTokens: 5_000 })).toThrow(
      'retry.budget.maxTokens must be a number in (0, 1000], got 5000.',
    );
  });

  it('rejects tokenRatio 0, which would never refill the budget', () => {
    expect(() => new RetryBudget('payments', { tokenRatio: 0 })).toThrow(
      'retry.budget.tokenRatio must be a number >= 0.001, got 0.',
    );
  });

  it('rejects a tokenRatio that keeps nothing at three decimals', () => {
    expect(() => new RetryBudget('payments', { tokenRatio: 0.0004 })).toThrow('retry.budget.tokenRatio');
  });

  it('rejects a negative tokenRatio, naming the option', () => {
    expect(() => new RetryBudget('payments', { tokenRatio: -0.1 })).toThrow('retry.budget.tokenRatio');
  });
});
