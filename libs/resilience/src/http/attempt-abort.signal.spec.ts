import { Attempt } from '../core/index.js';
import { AttemptAbortSignal } from './attempt-abort.signal.js';

describe('AttemptAbortSignal', () => {
  it('mirrors the attempt, and calls a listener once when it is aborted, as an AbortSignal would', () => {
    const attempt = new Attempt('payments', 1, undefined);
    const signal = new AttemptAbortSignal(attempt);
    const calls: unknown[][] = [];
    signal.addEventListener('abort', function (this: unknown, event) {
      calls.push([this, event.type]);
    });
    expect([signal.aborted, signal.reason]).toEqual([false, undefined]);
    const reason = new Error('attempt timed out');
    attempt.abort(reason);
    attempt.abort(new Error('again'));
    expect([signal.aborted, signal.reason]).toEqual([true, reason]);
    expect(calls).toEqual([[signal, 'abort']]);
  });

  it('never calls a listener removed before the abort, or added after it', () => {
    const attempt = new Attempt('payments', 1, undefined);
    const signal = new AttemptAbortSignal(attempt);
    let called = 0;
    const listener = (): void => void called++;
    signal.addEventListener('abort', listener);
    signal.removeEventListener('abort', listener);
    attempt.abort(new Error('cancelled'));
    signal.addEventListener('abort', listener);
    expect(called).toBe(0);
  });

  it('ignores events other than abort', () => {
    const attempt = new Attempt('payments', 1, undefined);
    const signal = new AttemptAbortSignal(attempt);
    let called = 0;
    signal.addEventListener('other', () => void called++);
    attempt.abort(new Error('cancelled'));
    expect(called).toBe(0);
  });
});
