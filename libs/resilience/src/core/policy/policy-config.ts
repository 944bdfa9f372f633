import type { BulkheadOptions } from '../bulkhead/bulkhead.options.js';
import type { CircuitBreakerOptions } from '../breaker/circuit-breaker.options.js';
import type { ErrorPredicate } from '../classify/error-classifier.js';
import type { FallbackKind } from '../fallback/fallback.policy.js';
import type { OptionsPatch } from '../options/options-patch.js';
import type { RetryOptions } from '../retry/retry.options.js';

/**
 * One named policy: the defences of one dependency. Each section present is part of the
 * policy's whole stack (what `@Resilient(name)` and `registry.get(name).execute` apply).
 */
export interface PolicyConfig {
  /** The breaker shared by every call of this policy. */
  circuitBreaker?: CircuitBreakerOptions;
  /** Retries; the budget is shared by every call of this policy. */
  retry?: RetryOptions;
  /** Per-attempt timeout in milliseconds, > 0. @default none */
  timeoutMs?: number;
  /**
   * When the caller's deadline cuts an attempt short of `timeoutMs`: the share of `timeoutMs`
   * it must have run, having reached the dependency, to count as a timeout for the breaker.
   * So a hung dependency trips the breaker even when every caller's budget is shorter than
   * the timeout, and one caller with a tiny budget never trips a healthy one. @default 0.5
   */
  deadlineCutFailureShare?: number;
  /** The pool shared by every call of this policy. */
  bulkhead?: BulkheadOptions;
  /** Which failures a fallback answers. @default all kinds */
  fallback?: { on?: readonly FallbackKind[] | ErrorPredicate };
}

/**
 * A runtime change to a policy (see `ResiliencePolicy.reconfigure`): the options given replace
 * the current ones, sections merge option by option, `null` restores an option's default.
 * @example
 * registry.reconfigure('payments', { circuitBreaker: { failureThreshold: 3 }, timeoutMs: 1_500 });
 */
export type PolicyConfigPatch = OptionsPatch<PolicyConfig>;
