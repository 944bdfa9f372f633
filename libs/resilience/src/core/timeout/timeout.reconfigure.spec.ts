import { aTimedAttempt } from '../../../../../test/support/timed-attempt.js';
import { FakeClock } from '../clock/fake-clock.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';
import { TimeoutPolicy } from './timeout.policy.js';

function setup(timeoutMs?: number) {
  const clock = new FakeClock(0);
  return { clock, timeout: new TimeoutPolicy('payments', { timeoutMs }, { clock }) };
}

describe('TimeoutPolicy.reconfigure', () => {
  it('limits attempts started after the change to the new timeout', () => {
    const { clock, timeout } = setup(100);
    timeout.reconfigure({ timeoutMs: 300 });
    const attempt = aTimedAttempt();
    timeout.start(attempt, undefined);
    clock.advance(299);
    expect(attempt.timeouts).toBe(0);
    clock.advance(1);
    expect(attempt.timeouts).toBe(1);
  });

  it('lets attempts already running keep the limit they started with', () => {
    const { clock, timeout } = setup(100);
    const running = aTimedAttempt();
    timeout.start(running, undefined);
    timeout.reconfigure({ timeoutMs: 1_000 });
    clock.advance(100);
    expect(running.timeouts).toBe(1);
  });

  it('still stops timing an attempt started under the old timeout', () => {
    const { clock, timeout } = setup(100);
    const running = aTimedAttempt();
    timeout.start(running, undefined);
    timeout.reconfigure({ timeoutMs: 50 });
    timeout.stop(running);
    clock.advance(1_000);
    expect([running.timeouts, clock.pendingTimers]).toEqual([0, 0]);
  });

  it('times attempts out once a timeout is added where there was none', () => {
    const { clock, timeout } = setup();
    timeout.reconfigure({ timeoutMs: 100 });
    const attempt = aTimedAttempt();
    timeout.start(attempt, undefined);
    clock.advance(100);
    expect(timeout.expire(attempt, { attempt: 1, deadlineAt: undefined }, true).error).toBeInstanceOf(
      AttemptTimeoutError,
    );
  });

  it('removes the timeout with null, leaving only the caller deadline', () => {
    const { timeout } = setup(100);
    timeout.reconfigure({ timeoutMs: null });
    expect([timeout.timeoutMs, timeout.start(aTimedAttempt(), undefined)]).toEqual([undefined, undefined]);
  });

  it('keeps its queue when the duration stays the same', () => {
    const { clock, timeout } = setup(100);
    timeout.start(aTimedAttempt(), undefined);
    timeout.reconfigure({ timeoutMs: 100, deadlineCutFailureShare: 0.8 });
    timeout.start(aTimedAttempt(), undefined);
    expect(clock.pendingTimers).toBe(1);
  });

  it('reports the settings in effect', () => {
    const { timeout } = setup(100);
    timeout.reconfigure({ deadlineCutFailureShare: 0.25 });
    expect(timeout.effectiveSettings).toEqual({ timeoutMs: 100, deadlineCutFailureShare: 0.25 });
  });

  it.each([0, -1])('rejects timeoutMs %p as the constructor does and changes nothing', (timeoutMs) => {
    const { timeout } = setup(100);
    expect(() => timeout.reconfigure({ timeoutMs, deadlineCutFailureShare: 0.9 })).toThrow(
      new InvalidPolicyConfigError('payments', 'timeoutMs', `must be a finite number > 0, got ${timeoutMs}`),
    );
    expect(timeout.effectiveSettings).toEqual({ timeoutMs: 100, deadlineCutFailureShare: 0.5 });
  });
});
