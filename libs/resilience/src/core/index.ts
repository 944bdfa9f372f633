export * from './breaker/breaker-state.js';
export * from './breaker/breaker-store.js';
export * from './breaker/circuit-breaker.options.js';
export type { BreakerSettings } from './breaker/circuit-breaker.settings.js';
export {
  CircuitBreakerPolicy,
  PROBE_ESTIMATE_MS,
  REJECTED,
  type BreakerSnapshot,
} from './breaker/circuit-breaker.policy.js';
export * from './bulkhead/bulkhead.options.js';
export { BulkheadPolicy, type BulkheadSettings, type BulkheadWaiter } from './bulkhead/bulkhead.policy.js';
export * from './classify/error-classifier.js';
export { retryAfterMsOf } from './classify/retry-after.js';
export { fromEpoch, toEpoch, type Clock, type Timer } from './clock/clock.js';
export { FakeClock } from './clock/fake-clock.js';
export { SystemClock, systemClock } from './clock/system-clock.js';
export { Attempt, type AttemptContext } from './context/attempt.js';
export * from './context/resilience-scope.js';
export * from './errors/index.js';
export { EventStream } from './events/event-stream.js';
export * from './events/resilience-event.js';
export * from './fallback/fallback.policy.js';
export type { ConfigChange, OptionsPatch } from './options/options-patch.js';
export * from './pipeline/policy-pipeline.js';
export type { AttemptFn } from './pipeline/attempt-fn.js';
export type { CancelSignal } from './pipeline/cancel-signal.js';
export * from './policy/policy-config.js';
export * from './policy/resilience-policy.js';
export { backoffDelay } from './retry/backoff.js';
export { isRetriesExhausted } from './retry/retries-exhausted.js';
export { RetryBudget, type RetryBudgetSettings } from './retry/retry-budget.js';
export * from './retry/retry.options.js';
export { RetryPolicy, STOP, type RetrySettings } from './retry/retry.policy.js';
export { TimeoutPolicy, type TimeoutOptions, type TimeoutSettings } from './timeout/timeout.policy.js';
