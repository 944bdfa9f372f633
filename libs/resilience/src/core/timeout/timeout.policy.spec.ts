import { aTimedAttempt } from '../../../../../test/support/timed-attempt.js';
import { FakeClock } from '../clock/fake-clock.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { DEADLINE_PASSED, TimeoutPolicy } from './timeout.policy.js';

describe('TimeoutPolicy', () => {
  it('limits an attempt to timeoutMs when no deadline is shorter', () => {
    const clock = new FakeClock(0);
    const timeout = new TimeoutPolicy('payments', { timeoutMs: 100 }, { clock });
    const attempt = aTimedAttempt();
    expect(timeout.start(attempt, 1_000)).toBe(100);
    clock.advance(99);
    expect(attempt.timeouts).toBe(0);
    clock.advance(1);
    expect(attempt).toMatchObject({ timeouts: 1, limitMs: 100, limitedByDeadline: false });
  });

  it('limits an attempt to what the deadline leaves when that is shorter', () => {
    const clock = new FakeClock(0);
    const timeout = new TimeoutPolicy('payments', { timeoutMs: 100 }, { clock });
    const attempt = aTimedAttempt();
    expect(timeout.start(attempt, 40)).toBe(40);
    clock.advance(40);
    expect(attempt).toMatchObject({ timeouts: 1, limitMs: 40, limitedByDeadline: true });
  });

  it('enforces the deadline alone when it has no timeout', () => {
    const clock = new FakeClock(0);
    const timeout = new TimeoutPolicy('payments', {}, { clock });
    const attempt = aTimedAttempt();
    expect(timeout.start(attempt, undefined)).toBeUndefined();
    expect(timeout.start(attempt, 30)).toBe(30);
    clock.advance(30);
    expect(attempt.timeouts).toBe(1);
  });

  it('says the deadline has passed before the attempt starts', () => {
    const clock = new FakeClock(100);
    const timeout = new TimeoutPolicy('payments', { timeoutMs: 100 }, { clock });
    expect(timeout.start(aTimedAttempt(), 100)).toBe(DEADLINE_PASSED);
  });

  it('never fires for an attempt it stopped timing', () => {
    const clock = new FakeClock(0);
    const timeout = new TimeoutPolicy('payments', { timeoutMs: 100 }, { clock });
    const byTimeout = aTimedAttempt();
    const byDeadline = aTimedAttempt();
    timeout.start(byTimeout, undefined);
    timeout.start(byDeadline, 50);
    timeout.stop(byTimeout);
    timeout.stop(byDeadline);
    clock.advance(1_000);
    expect([byTimeout.timeouts, byDeadline.timeouts]).toEqual([0, 0]);
  });

  it('ends a timed-out attempt with AttemptTimeoutError and blames the dependency for nothing more', () => {
    const clock = new FakeClock(0);
    const timeout = new TimeoutPolicy('payments', { timeoutMs: 100 }, { clock });
    const attempt = aTimedAttempt();
    timeout.start(attempt, undefined);
    const expiry = timeout.expire(attempt, { attempt: 1, deadlineAt: 100 }, true);
    expect(expiry.error).toBeInstanceOf(AttemptTimeoutError);
    expect(expiry.dependencyError).toBeUndefined();
  });

  it.each([
    [1_000, true, true],
    [999, true, false],
    [1_500, false, false],
  ])(
    'blames the dependency for a deadline cut after %i ms of a 2 s timeout (reached it: %s): %s',
    (budgetMs, reached, blamed) => {
      const clock = new FakeClock(0);
      const timeout = new TimeoutPolicy('payments', { timeoutMs: 2_000 }, { clock });
      const attempt = aTimedAttempt();
      timeout.start(attempt, budgetMs);
      const expiry = timeout.expire(attempt, { attempt: 1, deadlineAt: budgetMs }, reached);
      expect(expiry.error).toBeInstanceOf(DeadlineExceededError);
      expect(expiry.dependencyError instanceof AttemptTimeoutError).toBe(blamed);
    },
  );

  it.each([0, -5, Number.NaN, Infinity])('rejects timeoutMs %p, naming policy and option', (timeoutMs) => {
    expect(() => new TimeoutPolicy('payments', { timeoutMs })).toThrow(
      `Policy "payments": timeoutMs must be a finite number > 0, got ${String(timeoutMs)}.`,
    );
  });

  it.each([-0.1, 1.5])('rejects deadlineCutFailureShare %p outside [0, 1]', (share) => {
    expect(() => new TimeoutPolicy('payments', { timeoutMs: 1, deadlineCutFailureShare: share })).toThrow(
      'deadlineCutFailureShare',
    );
  });
});
