import { InvalidPolicyConfigError } from './invalid-policy-config.error.js';

describe('InvalidPolicyConfigError', () => {
  it('names the policy and the option path', () => {
    const error = new InvalidPolicyConfigError(
      'payments',
      'retry.maxAttempts',
      'must be an integer >= 1, got 0',
    );
    expect(error).toMatchObject({
      name: 'InvalidPolicyConfigError',
      policy: 'payments',
      path: 'retry.maxAttempts',
    });
  });

  it('states policy, option and problem in its message', () => {
    expect(
      new InvalidPolicyConfigError('payments', 'retry.maxAttempts', 'must be an integer >= 1, got 0').message,
    ).toBe('Policy "payments": retry.maxAttempts must be an integer >= 1, got 0.');
  });
});

describe('isInvalidPolicyConfigError', () => {
  it('recognises only InvalidPolicyConfigError', async () => {
    const { isInvalidPolicyConfigError } = await import('./invalid-policy-config.error.js');
    expect(isInvalidPolicyConfigError(new InvalidPolicyConfigError('p', 'a.b', 'is wrong'))).toBe(true);
    expect(isInvalidPolicyConfigError(new Error('x'))).toBe(false);
  });
});
