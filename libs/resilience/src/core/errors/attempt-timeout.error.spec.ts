import { AttemptTimeoutError, isAttemptTimeoutError } from './attempt-timeout.error.js';

describe('AttemptTimeoutError', () => {
  it('carries the policy and the timeout that applied', () => {
    expect(new AttemptTimeoutError('payments', 250)).toMatchObject({
      policy: 'payments',
      timeoutMs: 250,
      name: 'AttemptTimeoutError',
    });
  });

  it('says which call timed out and after how long', () => {
    expect(new AttemptTimeoutError('payments', 250).message).toBe(
      'Call through "payments" timed out after 250 ms and was aborted.',
    );
  });

  it('has a stack whose header names the class', () => {
    expect(new AttemptTimeoutError('payments', 250).stack).toMatch(
      /^AttemptTimeoutError: Call through "payments"/,
    );
  });

  it('is recognised by its type guard', () => {
    expect(isAttemptTimeoutError(new AttemptTimeoutError('p', 1))).toBe(true);
    expect(isAttemptTimeoutError(new Error('timeout'))).toBe(false);
  });
});
