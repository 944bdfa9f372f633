import { DeadlineExceededError, isDeadlineExceededError } from './deadline-exceeded.error.js';

describe('DeadlineExceededError', () => {
  it('carries the policy and the deadline', () => {
    expect(new DeadlineExceededError('payments', 1_000)).toMatchObject({
      policy: 'payments',
      deadlineAt: 1_000,
      name: 'DeadlineExceededError',
    });
  });

  it('says the request deadline passed before the policy could answer', () => {
    expect(new DeadlineExceededError('payments', 1_000).message).toBe(
      'The request deadline passed before "payments" could answer; the dependency was not called or was aborted.',
    );
  });

  it('has a stack whose header names the class', () => {
    expect(new DeadlineExceededError('payments', 1).stack).toMatch(/^DeadlineExceededError: /);
  });

  it('is recognised by its type guard', () => {
    expect(isDeadlineExceededError(new DeadlineExceededError('p', 1))).toBe(true);
    expect(isDeadlineExceededError(new Error('deadline'))).toBe(false);
  });
});
