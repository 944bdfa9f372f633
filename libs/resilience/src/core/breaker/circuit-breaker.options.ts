import type { ErrorPredicate } from '../classify/error-classifier.js';

/** A sliding window over which failure and slow-call rates are computed. */
export interface SlidingWindowOptions {
  /** `count`: the last `size` calls; `time`: the calls of the last `size` seconds. @default 'count' */
  type?: 'count' | 'time';
  /** Calls (count) or seconds (time). @default 100 */
  size?: number;
  /** Rates are not evaluated until the window holds this many calls. @default 10 */
  minimumCalls?: number;
}

/** Growth of the open interval on repeated failed probes. */
export interface OpenBackoffOptions {
  /** Each failed probe multiplies the open interval by this. @default 2 */
  multiplier?: number;
  /** The open interval never exceeds this. @default 300000 */
  maxResetTimeoutMs?: number;
}

/** Circuit breaker settings. */
export interface CircuitBreakerOptions {
  /** Opens after this many consecutive counted failures. @default 5 */
  failureThreshold?: number;
  /** How long it stays open before admitting a probe. @default 10000 */
  resetTimeoutMs?: number;
  /** Probes admitted at once while half-open; others are rejected. @default 1 */
  halfOpenMaxCalls?: number;
  /** Probe successes needed to close. @default 1 */
  successThreshold?: number;
  /** Opens when the window's failure rate (percent) reaches this. Off unless set. */
  failureRateThreshold?: number;
  /** Opens when the window's slow-call rate (percent) reaches this. Off unless set. */
  slowCallRateThreshold?: number;
  /** A call at least this slow counts as slow. @default 60000 */
  slowCallDurationMs?: number;
  /** The window for the rate thresholds. */
  slidingWindow?: SlidingWindowOptions;
  /** Grow the open interval on repeated failed probes. Off unless set. */
  openBackoff?: OpenBackoffOptions;
  /** Which errors count as failures. @default countsAsFailure (network, timeouts, 5xx, 429, unknown) */
  isFailure?: ErrorPredicate;
}
