import type { CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import type { BulkheadPolicy } from '../bulkhead/bulkhead.policy.js';
import type { Clock } from '../clock/clock.js';
import type { RetryPolicy } from '../retry/retry.policy.js';
import type { TimeoutPolicy } from '../timeout/timeout.policy.js';

/**
 * The stages one call passes through, outermost first; a {@link PipelineCall} drives them
 * through their own small APIs and nothing else. The fallback wraps the whole call outside.
 */
export interface CallStages {
  readonly name: string;
  readonly clock: Clock;
  /** Admits the call (or not) and hears its one outcome. */
  readonly breaker: CircuitBreakerPolicy | undefined;
  /** Decides whether and when another attempt follows a failed one. */
  readonly retry: RetryPolicy | undefined;
  /** Limits each attempt by the timeout and the caller's deadline; always present for the deadline. */
  readonly timeout: TimeoutPolicy;
  /** Gives each attempt's body a slot, held until the body's own promise settles. */
  readonly bulkhead: BulkheadPolicy | undefined;
}
