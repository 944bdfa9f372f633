import { Attempt } from './attempt.js';

describe('Attempt', () => {
  it('exposes its policy, attempt number and deadline', () => {
    expect(new Attempt('payments', 2, 5_000)).toMatchObject({
      policy: 'payments',
      attempt: 2,
      deadlineAt: 5_000,
    });
  });

  it('hands out a signal that is not aborted while the attempt runs', () => {
    expect(new Attempt('payments', 1, undefined).signal.aborted).toBe(false);
  });

  it('hands out the same signal each time it is read', () => {
    const attempt = new Attempt('payments', 1, undefined);
    expect(attempt.signal).toBe(attempt.signal);
  });

  it('aborts a signal already read, with the given reason', () => {
    const attempt = new Attempt('payments', 1, undefined);
    const signal = attempt.signal;
    const reason = new Error('timed out');
    attempt.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('hands out an aborted signal when first read after the abort', () => {
    const attempt = new Attempt('payments', 1, undefined);
    const reason = new Error('timed out');
    attempt.abort(reason);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe(reason);
  });

  it('keeps the first abort reason', () => {
    const attempt = new Attempt('payments', 1, undefined);
    const first = new Error('first');
    attempt.abort(first);
    attempt.abort(new Error('second'));
    expect(attempt.signal.reason).toBe(first);
  });
});
