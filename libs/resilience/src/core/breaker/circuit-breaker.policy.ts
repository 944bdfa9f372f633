import { countsAsFailure, isResilienceRejection, type ErrorPredicate } from '../classify/error-classifier.js';
import { toEpoch, type Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { EventStream } from '../events/event-stream.js';
import type { CallOutcome } from '../events/resilience-event.js';
import { mergePatch, type OptionsPatch } from '../options/options-patch.js';
import type { BreakerState } from './breaker-state.js';
import type { BreakerLink, BreakerStore, SharedBreaker, SharedBreakerView } from './breaker-store.js';
import type { CircuitBreakerOptions } from './circuit-breaker.options.js';
import { readBreakerSettings, windowFor, type BreakerSettings } from './circuit-breaker.settings.js';
import type { SlidingWindow } from './sliding-window.js';

/** What the breaker knows right now, for dashboards and admin endpoints. */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** Percent of failed calls in the window; null until it holds `minimumCalls`. */
  failureRate: number | null;
  /** Percent of slow calls in the window; null until it holds `minimumCalls`. */
  slowCallRate: number | null;
  windowCalls: number;
  /** When it last opened (epoch ms); null while closed since the last reset. */
  openedAt: number | null;
  /** When the next probe is admitted (epoch ms); null unless open. */
  nextProbeAt: number | null;
  halfOpenInFlight: number;
}

/** Shared runtime dependencies of policies. */
export interface PolicyDeps {
  clock?: Clock;
  events?: EventStream;
  /** Where breaker state is shared. @default local to the process (MemoryBreakerStore) */
  breakerStore?: BreakerStore;
}

/** Returned by {@link CircuitBreakerPolicy.tryAcquire} when the call is rejected. */
export const REJECTED = -1;

/** What `retryAfterMs` says while a half-open breaker waits on its probes (capped by resetTimeoutMs). */
export const PROBE_ESTIMATE_MS = 1_000;

/**
 * A circuit breaker: closed, open, half-open, plus operator-set forced_open and disabled.
 * Its API is synchronous (`tryAcquire`, then `onSuccess` / `onFailure` / `release`): the
 * pipeline drives it, and so does the JSON-lines node. To run calls through the breaker
 * alone, use a pipeline of just it.
 */
export class CircuitBreakerPolicy implements SharedBreaker {
  readonly events: EventStream;
  private readonly clock: Clock;
  // The options as given (what a patch merges into), and what they resolve to: replaced
  // together, whole, by reconfigure().
  private options: CircuitBreakerOptions;
  private settings: BreakerSettings;
  private failurePredicate: ErrorPredicate;
  private window: SlidingWindow | undefined;

  private current: BreakerState = 'closed';
  // Bumped on every transition; a result whose ticket is older is not counted, so calls
  // admitted before the breaker opened cannot re-open or close it afterwards.
  private generation = 0;
  private consecutive = 0;
  private openedAt = -1;
  private openUntil = 0;
  private failedOpens = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  // When tryAcquire just rejected an open breaker: the next rejection() uses it once instead
  // of reading the clock again (~45 ns a read on this kind of VM, on the fail-fast path).
  private rejectedAt = 0;
  // Set when a store shares the state: while `link.shared`, the store decides transitions.
  private readonly link: BreakerLink | undefined;

  constructor(
    readonly name: string,
    options: CircuitBreakerOptions = {},
    deps: PolicyDeps = {},
  ) {
    this.options = options;
    this.settings = readBreakerSettings(name, options);
    this.failurePredicate = options.isFailure ?? countsAsFailure;
    this.window = windowFor(this.settings);
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    this.link = deps.breakerStore?.link(this);
  }

  /** Consecutive counted failures that open it. */
  get failureThreshold(): number {
    return this.settings.failureThreshold;
  }

  /** How long it stays open before admitting a probe. */
  get resetTimeoutMs(): number {
    return this.settings.resetTimeoutMs;
  }

  /** Probes admitted at once while half-open. */
  get halfOpenMaxCalls(): number {
    return this.settings.halfOpenMaxCalls;
  }

  /** Probe successes needed to close. */
  get successThreshold(): number {
    return this.settings.successThreshold;
  }

  /** The window's failure rate (percent) that opens it, if set. */
  get failureRateThreshold(): number | undefined {
    return this.settings.failureRateThreshold ?? undefined;
  }

  /** The window's slow-call rate (percent) that opens it, if set. */
  get slowCallRateThreshold(): number | undefined {
    return this.settings.slowCallRateThreshold ?? undefined;
  }

  /** A call at least this slow counts as slow. */
  get slowCallDurationMs(): number {
    return this.settings.slowCallDurationMs;
  }

  /** Calls the window must hold before its rates are evaluated. */
  get minimumCalls(): number {
    return this.settings.slidingWindow.minimumCalls;
  }

  /** Which errors count as failures. */
  get isFailure(): ErrorPredicate {
    return this.failurePredicate;
  }

  /** Every setting in effect, defaults applied (for admin endpoints and change reports). */
  get effectiveSettings(): BreakerSettings {
    return this.settings;
  }

  /**
   * Changes settings at runtime, keeping the state, its counts and the window: `patch` merges
   * into the current options (see {@link OptionsPatch}) and is validated as at construction;
   * an invalid one throws {@link InvalidPolicyConfigError} and changes nothing. New thresholds
   * apply from the next counted call: a lower `failureThreshold` or rate threshold never trips
   * the breaker by itself, since state moves only on calls, timers and operators. A changed
   * window type or size starts an empty window; an open interval already running keeps its end.
   */
  reconfigure(patch: OptionsPatch<CircuitBreakerOptions>): void {
    this.prepareReconfigure(patch)();
  }

  /**
   * Validates `patch` as {@link reconfigure} does and returns the function that applies it,
   * changing nothing itself: a policy validates every stage's part before applying any.
   */
  prepareReconfigure(patch: OptionsPatch<CircuitBreakerOptions>): () => void {
    const options = mergePatch(this.options, patch);
    const settings = readBreakerSettings(this.name, options);
    return () => {
      this.applyOptions(options, settings);
      this.link?.reconfigured(settings);
    };
  }

  /** Applies settings another replica reconfigured, without sharing them back. */
  adoptOptions(patch: OptionsPatch<CircuitBreakerOptions>): void {
    const options = mergePatch(this.options, patch);
    this.applyOptions(options, readBreakerSettings(this.name, options));
  }

  /** Takes the shared state as its own: another replica's change, or a resync. */
  adopt(view: SharedBreakerView): void {
    this.adoptCounts(view);
    if (view.state === 'open') return this.open(view.reason, view.openRemainingMs);
    if (view.state === 'closed') this.reset();
    this.transition(view.state, view.reason);
  }

  /** Takes the shared counts without a transition. */
  adoptCounts(view: SharedBreakerView): void {
    this.consecutive = view.consecutiveFailures;
    this.failedOpens = view.failedOpens;
  }

  private applyOptions(options: CircuitBreakerOptions, settings: BreakerSettings): void {
    const before = this.settings.slidingWindow;
    this.options = options;
    this.settings = settings;
    this.failurePredicate = options.isFailure ?? countsAsFailure;
    const sameWindow =
      before.type === settings.slidingWindow.type && before.size === settings.slidingWindow.size;
    const wanted = windowFor(settings);
    if (wanted === undefined || this.window === undefined || !sameWindow) this.window = wanted;
  }

  /**
   * The state now. Reading it changes nothing: an open breaker turns half-open on a timer
   * when its interval ends (or on the first call after, should the timer run late).
   */
  get state(): BreakerState {
    return this.current;
  }

  /** True when call durations matter: slow-call tracking or an event listener. */
  get timesCalls(): boolean {
    return this.settings.slowCallRateThreshold !== null || this.events.active;
  }

  /**
   * Milliseconds until a call may be admitted (0 when calls are admitted now): the rest of the
   * open interval; while half-open with every probe out, {@link PROBE_ESTIMATE_MS} (the probe's
   * answer decides, and usually comes sooner than another open interval); null while
   * `forced_open`, which lifts only when an operator releases it.
   */
  get retryAfterMs(): number | null {
    switch (this.current) {
      case 'open':
        return Math.max(0, this.openUntil - this.clock.now());
      case 'forced_open':
        return null;
      case 'half_open':
        return this.probesInFlight < this.settings.halfOpenMaxCalls
          ? 0
          : Math.min(PROBE_ESTIMATE_MS, this.settings.resetTimeoutMs);
      default:
        return 0;
    }
  }

  /**
   * Admits or rejects one call. Returns a ticket to hand back to onSuccess/onFailure, or
   * {@link REJECTED}.
   */
  tryAcquire(): number {
    switch (this.current) {
      case 'closed':
      case 'disabled':
        return this.generation;
      case 'open': {
        const now = this.clock.now();
        if (now < this.openUntil) {
          this.rejectedAt = now;
          return this.reject();
        }
        this.transition('half_open', 'reset_timeout_elapsed');
        return this.admitProbe();
      }
      case 'half_open':
        return this.admitProbe();
      default:
        return this.reject();
    }
  }

  /** A stackless {@link BrokenCircuitError} for the call {@link tryAcquire} just rejected. */
  rejection(): BrokenCircuitError {
    const now = this.rejectedAt > 0 ? this.rejectedAt : undefined;
    this.rejectedAt = 0;
    const retryAfterMs =
      this.current === 'open' && now !== undefined ? Math.max(0, this.openUntil - now) : this.retryAfterMs;
    return BrokenCircuitError.fast(this.name, retryAfterMs);
  }

  /** Records a successful call admitted with `ticket`. */
  onSuccess(ticket: number, durationMs = 0): void {
    const slow = durationMs >= this.settings.slowCallDurationMs;
    if (this.events.active) this.emitOutcome('success', durationMs);
    if (ticket !== this.generation) return;
    if (this.current === 'half_open') return this.probeSucceeded();
    if (this.current !== 'closed') return;
    if (this.link !== undefined && this.link.shared) return this.link.recordOutcome(false, slow);
    this.consecutive = 0;
    if (this.window) this.recordInWindow(false, slow);
  }

  /** Records a failed call admitted with `ticket`; errors the predicate ignores count as neither. */
  onFailure(ticket: number, error: unknown, durationMs = 0): void {
    let counts: boolean;
    try {
      counts = this.failurePredicate(error);
    } catch (predicateError) {
      // Counting nothing, but never keeping a half-open probe slot: the caller sees the throw.
      this.release(ticket);
      throw predicateError;
    }
    if (!counts) {
      if (this.events.active) this.emitOutcome('ignored', durationMs, error);
      if (ticket === this.generation && this.current === 'half_open') {
        // A probe that got an ignorable answer (a 404, say) proves the dependency responds;
        // one our own policies turned away (deadline spent, bulkhead full) never reached it.
        if (isResilienceRejection(error)) this.release(ticket);
        else this.probeSucceeded();
      }
      return;
    }
    if (this.events.active) this.emitOutcome('failure', durationMs, error);
    if (ticket !== this.generation) return;
    if (this.current === 'half_open') {
      if (this.link?.shared) return this.probeEnded('failure');
      this.consecutive++;
      this.failedOpens++;
      return this.open('probe_failed');
    }
    if (this.current !== 'closed') return;
    if (this.link !== undefined && this.link.shared)
      return this.link.recordOutcome(true, durationMs >= this.settings.slowCallDurationMs);
    this.consecutive++;
    if (this.consecutive >= this.settings.failureThreshold) return this.open('consecutive_failures');
    if (this.window) this.recordInWindow(true, durationMs >= this.settings.slowCallDurationMs);
  }

  /**
   * Hands back a ticket whose call says nothing about the dependency (the caller aborted, or
   * our own policies turned it away): frees a half-open probe slot, counts nothing.
   */
  release(ticket: number): void {
    if (ticket !== this.generation || this.current !== 'half_open' || this.probesInFlight === 0) return;
    if (this.link?.shared) this.probeEnded('released');
    else this.probesInFlight--;
  }

  /** Consecutive counted failures so far (reset by a success or by closing). */
  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /**
   * Sets the state by hand: an operator's `forced_open`, `disabled` or `closed`, or `open` /
   * `half_open` as if reached naturally (`open` as if it had just opened).
   */
  transitionTo(state: BreakerState, reason = 'operator'): void {
    if (this.link?.shared) this.link.setState(state, reason);
    if (state === 'open') return this.open(reason);
    if (state === 'closed') this.reset();
    this.transition(state, reason);
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    const w = this.window;
    if (w) w.refresh(this.clock.now());
    const rated = w !== undefined && w.total >= this.settings.slidingWindow.minimumCalls;
    return {
      state,
      consecutiveFailures: this.consecutive,
      failureRate: rated ? (w.failed / w.total) * 100 : null,
      slowCallRate: rated ? (w.slow / w.total) * 100 : null,
      windowCalls: w?.total ?? 0,
      openedAt: this.openedAt < 0 ? null : toEpoch(this.clock, this.openedAt),
      nextProbeAt: state === 'open' ? toEpoch(this.clock, this.openUntil) : null,
      halfOpenInFlight: this.probesInFlight,
    };
  }

  private reject(): number {
    if (this.events.active) this.emitOutcome('rejected', 0);
    return REJECTED;
  }

  private admitProbe(): number {
    if (this.probesInFlight >= this.settings.halfOpenMaxCalls) return this.reject();
    // Shared: a probe needs a lease, so exactly halfOpenMaxCalls run across all replicas.
    if (this.link?.shared && !this.link.takeProbe()) return this.reject();
    this.probesInFlight++;
    return this.generation;
  }

  private probeSucceeded(): void {
    if (this.link?.shared) return this.probeEnded('success');
    this.probesInFlight--;
    if (++this.probeSuccesses >= this.settings.successThreshold) {
      this.reset();
      this.transition('closed', 'probe_succeeded');
    }
  }

  private recordInWindow(failed: boolean, slow: boolean): void {
    const w = this.window!;
    const { failureRateThreshold, slowCallRateThreshold, slidingWindow } = this.settings;
    w.record(failed, slow, this.clock.now());
    if (w.total < slidingWindow.minimumCalls) return;
    if (failureRateThreshold !== null && (w.failed / w.total) * 100 >= failureRateThreshold) {
      return this.open('failure_rate');
    }
    if (slowCallRateThreshold !== null && (w.slow / w.total) * 100 >= slowCallRateThreshold) {
      this.open('slow_call_rate');
    }
  }

  private currentOpenInterval(): number {
    const { resetTimeoutMs, openBackoff } = this.settings;
    if (openBackoff === null || openBackoff.multiplier === 1) return resetTimeoutMs;
    const grown = resetTimeoutMs * openBackoff.multiplier ** Math.max(0, this.failedOpens);
    return Math.min(grown, openBackoff.maxResetTimeoutMs);
  }

  // The store answers with the new shared state, which the breaker then adopts.
  private probeEnded(result: 'success' | 'failure' | 'released'): void {
    this.probesInFlight--;
    this.link!.probeDone(result);
  }

  private open(reason: string, interval = this.currentOpenInterval()): void {
    const now = this.clock.now();
    this.openedAt = now;
    this.openUntil = now + interval;
    this.transition('open', reason);
    // Half-open when the interval ends, so dashboards see it; a later transition (an operator,
    // a call that got there first) bumps the generation and makes this a no-op.
    const generation = this.generation;
    this.clock.setTimer(interval, () => {
      if (this.generation === generation) this.transition('half_open', 'reset_timeout_elapsed');
    });
  }

  private reset(): void {
    this.consecutive = 0;
    this.failedOpens = 0;
    this.openedAt = -1;
    this.window?.reset();
  }

  private transition(to: BreakerState, reason: string): void {
    const from = this.current;
    this.current = to;
    this.generation++;
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    if (this.events.active && from !== to) {
      this.events.emit({
        type: 'state_change',
        policy: this.name,
        from,
        to,
        reason,
        failures: this.consecutive,
        at: this.clock.epochNow(),
      });
    }
  }

  private emitOutcome(outcome: CallOutcome, durationMs: number, error?: unknown): void {
    this.events.emit({ type: 'call_outcome', policy: this.name, outcome, durationMs, error });
  }
}
