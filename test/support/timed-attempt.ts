import type { TimedAttempt } from '../../libs/resilience/src/core/timeout/timeout.policy.js';

/** An attempt for a TimeoutPolicy to time, counting the times its limit passed. */
export function aTimedAttempt(): TimedAttempt & { timeouts: number } {
  const attempt = {
    timeouts: 0,
    dueAt: 0,
    prevTimeout: undefined,
    nextTimeout: undefined,
    queuedIn: undefined,
    limitMs: Infinity,
    limitedByDeadline: false,
    deadlineTimer: undefined,
    onTimeout: () => void attempt.timeouts++,
  };
  return attempt;
}
