import type { Clock, Timer } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { EventStream } from '../events/event-stream.js';
import { OptionReader } from '../options/option-readers.js';
import { mergePatch, type OptionsPatch } from '../options/options-patch.js';
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

/** A timeout stage's effective settings: options validated, defaults applied, `null` for none. */
export interface TimeoutSettings {
  readonly timeoutMs: number | null;
  readonly deadlineCutFailureShare: number;
}

// The one reading of the options, at construction and on reconfiguration alike.
function readTimeoutSettings(policy: string, options: TimeoutOptions): TimeoutSettings {
  const read = new OptionReader(policy);
  const timeoutMs = options.timeoutMs === undefined ? null : read.positive('timeoutMs', options.timeoutMs);
  const share = read.number('deadlineCutFailureShare', options.deadlineCutFailureShare, 0.5, 0);
  if (share > 1) read.fail('deadlineCutFailureShare', `must be a share in [0, 1], got ${share}`);
  return { timeoutMs, deadlineCutFailureShare: share };
}

/** Returned by {@link TimeoutPolicy.start} when the deadline has already passed. */
export const DEADLINE_PASSED = -1;

/**
 * Limits each attempt to the policy's timeout, or to what the caller's deadline leaves when
 * that is shorter, and chooses the error it ends with. Fixed timeouts wait in one FIFO queue
 * with one clock timer; a deadline-limited attempt gets a timer of its own.
 */
export class TimeoutPolicy {
  private readonly clock: Clock;
  private readonly events: EventStream;
  private options: TimeoutOptions;
  private settings: TimeoutSettings;
  // Timeouts of the current duration. After a change, the old queue keeps the attempts it
  // holds (they keep the limit they started with) and its timer fires them or finds it empty.
  private queue: TimeoutQueue | undefined;

  constructor(
    readonly name: string,
    options: TimeoutOptions = {},
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    this.options = options;
    this.settings = readTimeoutSettings(name, options);
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    if (this.settings.timeoutMs !== null) this.queue = new TimeoutQueue(this.clock, this.settings.timeoutMs);
  }

  /** Per-attempt timeout in ms; undefined when only the caller's deadline limits attempts. */
  get timeoutMs(): number | undefined {
    return this.settings.timeoutMs ?? undefined;
  }

  /** The share of the timeout a deadline-cut attempt must have run to count for the breaker. */
  get deadlineCutFailureShare(): number {
    return this.settings.deadlineCutFailureShare;
  }

  /** Every setting in effect, defaults applied. */
  get effectiveSettings(): TimeoutSettings {
    return this.settings;
  }

  /**
   * Changes settings at runtime: `patch` merges into the current options and is validated as
   * at construction (an invalid one throws and changes nothing). Attempts started after the
   * change get the new timeout; attempts already running keep the limit they started with.
   * `timeoutMs: null` removes the timeout (the caller's deadline still applies).
   */
  reconfigure(patch: OptionsPatch<TimeoutOptions>): void {
    this.prepareReconfigure(patch)();
  }

  /** Validates `patch` as {@link reconfigure} does and returns the function that applies it. */
  prepareReconfigure(patch: OptionsPatch<TimeoutOptions>): () => void {
    const options = mergePatch(this.options, patch);
    const settings = readTimeoutSettings(this.name, options);
    return () => {
      this.options = options;
      this.settings = settings;
      const { timeoutMs } = settings;
      if (timeoutMs === null) this.queue = undefined;
      else if (this.queue?.durationMs !== timeoutMs) this.queue = new TimeoutQueue(this.clock, timeoutMs);
    };
  }

  /**
   * Starts timing `attempt`, which is called back through `onTimeout` when its limit passes.
   * Returns the attempt's own deadline (clock ms; undefined when nothing limits it), or
   * {@link DEADLINE_PASSED}.
   */
  start(attempt: TimedAttempt, deadlineAt: number | undefined): number | undefined {
    const timeoutMs = this.settings.timeoutMs ?? undefined;
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
    const { timeoutMs, deadlineCutFailureShare } = this.settings;
    const blamed = reachedDependency && timeoutMs !== null && limitMs >= timeoutMs * deadlineCutFailureShare;
    return { error, dependencyError: blamed ? new AttemptTimeoutError(this.name, limitMs) : undefined };
  }

  /** The error of a call whose deadline passed before an attempt could start. */
  deadlinePassed(deadlineAt: number): DeadlineExceededError {
    return new DeadlineExceededError(this.name, deadlineAt);
  }
}
