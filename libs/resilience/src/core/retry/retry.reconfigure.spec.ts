import { FakeClock } from '../clock/fake-clock.js';
import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';
import { PolicyPipeline } from '../pipeline/policy-pipeline.js';
import { RetryBudget } from './retry-budget.js';
import type { RetryOptions } from './retry.options.js';
import { RetryPolicy, STOP } from './retry.policy.js';

const http503 = Object.assign(new Error('HTTP 503'), { status: 503 });

function budgetAfter(failures: number, options = {}): RetryBudget {
  const budget = new RetryBudget('payments', options);
  for (let i = 0; i < failures; i++) budget.onFailure();
  return budget;
}

describe('RetryBudget.reconfigure', () => {
  it('keeps the tokens left', () => {
    const budget = budgetAfter(3);
    budget.reconfigure({ maxTokens: 20 });
    expect([budget.tokens, budget.maxTokens]).toEqual([7, 20]);
  });

  it('clamps the tokens to a smaller maximum', () => {
    const budget = budgetAfter(1);
    budget.reconfigure({ maxTokens: 4 });
    expect(budget.tokens).toBe(4);
  });

  it('judges retries against half the new maximum', () => {
    const budget = budgetAfter(3);
    budget.reconfigure({ maxTokens: 20 });
    expect(budget.allowsRetry).toBe(false);
  });

  it('refunds the new ratio, still in exact thousandths', () => {
    const budget = budgetAfter(2);
    budget.reconfigure({ tokenRatio: 0.3 });
    for (let i = 0; i < 5; i++) budget.onSuccess();
    expect(budget.tokens).toBe(9.5);
  });

  it('restores the defaults with null', () => {
    const budget = new RetryBudget('payments', { maxTokens: 4, tokenRatio: 0.5 });
    budget.reconfigure({ maxTokens: null, tokenRatio: null });
    expect(budget.effectiveSettings).toEqual({ maxTokens: 10, tokenRatio: 0.1 });
  });

  it.each([
    [{ maxTokens: 1_001 }, 'retry.budget.maxTokens'],
    [{ maxTokens: 5, tokenRatio: 0.0001 }, 'retry.budget.tokenRatio'],
  ])('rejects %p as the constructor does and changes nothing', (patch, path) => {
    const budget = budgetAfter(2);
    expect(() => budget.reconfigure(patch)).toThrow(expect.objectContaining({ path }) as Error);
    expect([budget.tokens, budget.maxTokens, budget.tokenRatio]).toEqual([8, 10, 0.1]);
  });
});

function setup(options: RetryOptions = {}) {
  const clock = new FakeClock(0);
  const retry = new RetryPolicy('payments', options, { clock, random: () => 0.5 });
  return { clock, retry };
}

describe('RetryPolicy.reconfigure', () => {
  it('makes the new number of attempts', async () => {
    const { retry, clock } = setup({ maxAttempts: 2, backoff: 'constant', baseDelayMs: 10, budget: false });
    retry.reconfigure({ maxAttempts: 4 });
    let calls = 0;
    const call = new PolicyPipeline('payments', { retry }, { clock })
      .execute(async () => {
        calls++;
        throw http503;
      })
      .catch(() => 'failed');
    await clock.advanceAsync(1_000);
    expect([await call, calls]).toEqual(['failed', 4]);
  });

  it('follows the new settings from the next decision of a call already retrying', () => {
    const { retry } = setup({ maxAttempts: 5, backoff: 'constant', baseDelayMs: 10, budget: false });
    expect(retry.delayBeforeNext(http503, 1, 0)).toBe(10);
    retry.reconfigure({ maxAttempts: 2, baseDelayMs: 40 });
    expect([retry.delayBeforeNext(http503, 1, 10), retry.delayBeforeNext(http503, 2, 40)]).toEqual([
      40,
      STOP,
    ]);
  });

  it('retries only the errors a new isRetryable allows', () => {
    const { retry } = setup({ budget: false });
    retry.reconfigure({ isRetryable: () => false });
    expect(retry.delayBeforeNext(http503, 1, 0)).toBe(STOP);
  });

  it('retries the results a new retryOnResult rejects', () => {
    const { retry } = setup({ budget: false });
    retry.reconfigure({ retryOnResult: (result) => result === 'pending' });
    expect(retry.rejectedResult('pending')?.name).toBe('ResultRejectedError');
  });

  it('reconfigures its budget, keeping the tokens', () => {
    const { retry } = setup();
    retry.budget!.onFailure();
    retry.reconfigure({ budget: { maxTokens: 5 } });
    expect([retry.budget!.tokens, retry.budget!.maxTokens]).toEqual([5, 5]);
  });

  it('reports the settings in effect, defaults applied', () => {
    const { retry } = setup({ maxAttempts: 2 });
    retry.reconfigure({ backoff: 'decorrelated', maxAttempts: null });
    expect(retry.effectiveSettings).toEqual({
      maxAttempts: 3,
      backoff: 'decorrelated',
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      throwOnRejectedResult: false,
    });
  });

  it('changes nothing, its budget included, when one option of the patch is invalid', () => {
    const { retry } = setup({ maxAttempts: 2 });
    expect(() => retry.reconfigure({ maxAttempts: 4, budget: { maxTokens: 0 } })).toThrow(
      InvalidPolicyConfigError,
    );
    expect([retry.maxAttempts, retry.budget!.maxTokens]).toEqual([2, 10]);
  });

  it('rejects an unknown backoff as the constructor does', () => {
    const { retry } = setup();
    expect(() => retry.reconfigure({ backoff: 'linear' as never })).toThrow(
      'Policy "payments": retry.backoff must be one of exponential, decorrelated, exponential_no_jitter, constant, got linear.',
    );
  });

  it('refuses to add a budget to a retry built without one', () => {
    const { retry } = setup({ budget: false });
    expect(() => retry.reconfigure({ budget: { maxTokens: 5 } })).toThrow(
      /retry\.budget cannot be added at runtime/,
    );
  });

  it('refuses to remove its budget', () => {
    const { retry } = setup();
    expect(() => retry.reconfigure({ budget: false })).toThrow(/retry\.budget cannot be removed at runtime/);
  });

  it('restores the budget defaults when the budget is patched with null', () => {
    const { retry } = setup({ budget: { maxTokens: 4 } });
    retry.reconfigure({ budget: null });
    expect(retry.budget!.maxTokens).toBe(10);
  });
});
