import type { Clock, Timer } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { EventStream } from '../events/event-stream.js';
import { OptionReader } from '../options/option-readers.js';
import { TimeoutQueue, type TimeoutNode } from './timeout-queue.js';

/** Timeout settings of a policy. */
export interface TimeoutOptions {
  /** Per-attempt timeout in ms, > 0; none when absent (the caller's deadline still applies). */
  timeoutMs?: number;
  /**
   * When the caller's deadline, not the timeout, cuts an attempt that reached the dependency:
   * the share of `timeoutMs` it must have run to count as a timeout for the breaker. Below it
   * the caller's budget was just short, which says nothing about the dependency. @default 0.5
   */
  deadlineCutFailureShare?: number;
}

/** An attempt being timed; the pipeline's call is one. The policy keeps its timing here. */
export interface TimedAttempt extends TimeoutNode {
  /** The attempt's limit in ms, once started: the timeout or, when shorter, what the deadline leaves. */
  limitMs: number;
  /** True when the caller's deadline, not the timeout, set `limitMs`. */
  limitedByDeadline: boolean;
  /** The timer of a deadline-limited attempt (fixed timeouts share the policy's queue instead). */
  deadlineTimer: Timer | undefined;
}

/** What an attempt's end by time means: the caller's error, and what the breaker should hear. */
export interface Expiry {
  error: AttemptTimeoutError | DeadlineExceededError;
  /** Set when a deadline cut the attempt late enough to blame the dependency (see deadlineCutFailureShare). */
  dependencyError: AttemptTimeoutError | undefined;
}

/** Returned by {@link TimeoutPolicy.start} when the deadline has already passed. */
export const DEADLINE_PASSED = -1;

/**
 * Limits each attempt to the policy's timeout, or to what the caller's deadline leaves when
 * that is shorter, and chooses the error it ends with. Fixed timeouts wait in one FIFO queue
 * with one clock timer; a deadline-limited attempt gets a timer of its own.
 */
export class TimeoutPolicy {
  readonly timeoutMs: number | undefined;
  readonly deadlineCutFailureShare: number;
  private readonly clock: Clock;
  private readonly events: EventStream;
  private readonly queue: TimeoutQueue | undefined;

  constructor(
    readonly name: string,
    options: TimeoutOptions = {},
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    const read = new OptionReader(name);
    this.timeoutMs =
      options.timeoutMs === undefined ? undefined : read.positive('timeoutMs', options.timeoutMs);
    this.deadlineCutFailureShare = read.number(
      'deadlineCutFailureShare',
      options.deadlineCutFailureShare,
      0.5,
      0,
    );
    if (this.deadlineCutFailureShare > 1) {
      read.fail('deadlineCutFailureShare', `must be a share in [0, 1], got ${this.deadlineCutFailureShare}`);
    }
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    if (this.timeoutMs !== undefined) this.queue = new TimeoutQueue(this.clock, this.timeoutMs);
  }

  /**
   * Starts timing `attempt`, which is called back through `onTimeout` when its limit passes.
   * Returns the attempt's own deadline (clock ms; undefined when nothing limits it), or
   * {@link DEADLINE_PASSED}.
   */
  start(attempt: TimedAttempt, deadlineAt: number | undefined): number | undefined {
    const timeoutMs = this.timeoutMs;
    if (deadlineAt === undefined && timeoutMs === undefined) return undefined;
    const now = this.clock.now();
    if (deadlineAt !== undefined) {
      const remaining = deadlineAt - now;
      if (remaining <= 0) return DEADLINE_PASSED;
      if (timeoutMs === undefined || remaining < timeoutMs) {
        attempt.limitMs = remaining;
        attempt.limitedByDeadline = true;
        attempt.deadlineTimer = this.clock.setTimer(remaining, () => attempt.onTimeout());
        return deadlineAt;
      }
    }
    attempt.limitMs = timeoutMs!;
    attempt.limitedByDeadline = false;
    this.queue!.add(attempt, now);
    return now + timeoutMs!;
  }

  /** Stops timing `attempt` (it ended, or the caller gave up). */
  stop(attempt: TimedAttempt): void {
    if (attempt.queuedIn !== undefined) attempt.queuedIn.remove(attempt);
    else if (attempt.deadlineTimer !== undefined) {
      attempt.deadlineTimer.cancel();
      attempt.deadlineTimer = undefined;
    }
  }

  /**
   * The errors of an attempt whose limit passed; reports the timeout. `reachedDependency` is
   * false while the attempt still waited for a bulkhead slot.
   */
  expire(
    attempt: TimedAttempt,
    context: { attempt: number; deadlineAt: number | undefined },
    reachedDependency: boolean,
  ): Expiry {
    attempt.deadlineTimer = undefined;
    const { limitMs, limitedByDeadline } = attempt;
    if (this.events.active) {
      this.events.emit({
        type: 'timeout',
        policy: this.name,
        attempt: context.attempt,
        timeoutMs: limitMs,
        deadline: limitedByDeadline,
      });
    }
    if (!limitedByDeadline) {
      const error = new AttemptTimeoutError(this.name, limitMs);
      return { error, dependencyError: undefined };
    }
    const error = new DeadlineExceededError(this.name, context.deadlineAt!);
    const blamed =
      reachedDependency &&
      this.timeoutMs !== undefined &&
      limitMs >= this.timeoutMs * this.deadlineCutFailureShare;
    return { error, dependencyError: blamed ? new AttemptTimeoutError(this.name, limitMs) : undefined };
  }

  /** The error of a call whose deadline passed before an attempt could start. */
  deadlinePassed(deadlineAt: number): DeadlineExceededError {
    return new DeadlineExceededError(this.name, deadlineAt);
  }
}
