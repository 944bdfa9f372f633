// @carta/resilience: the Nest layer (module, decorators, interceptors, registry), the errors
// and their guards, and the types a policy is configured with. The framework-free core is
// @carta/resilience/core; metrics, health, outbound HTTP and test helpers have entry points
// of their own, so an app loads only what it uses.
export * from './core/errors/index.js';
export {
  countsAsFailure,
  httpStatusOf,
  isNetworkError,
  isResilienceRejection,
  isTransientError,
  type ErrorPredicate,
} from './core/classify/error-classifier.js';
export { currentDeadline, runWithDeadline } from './core/context/resilience-scope.js';
export type { AttemptContext } from './core/context/attempt.js';
export { isRetriesExhausted } from './core/retry/retries-exhausted.js';
export type * from './core/policy/policy-config.js';
export type { PolicySettings, PolicySnapshot, ResiliencePolicy } from './core/policy/resilience-policy.js';
export type * from './core/breaker/circuit-breaker.options.js';
export type { BreakerState } from './core/breaker/breaker-state.js';
export type * from './core/bulkhead/bulkhead.options.js';
export type * from './core/retry/retry.options.js';
export type { FallbackKind } from './core/fallback/fallback.policy.js';
export type { ResilienceEvent, ResilienceListener } from './core/events/resilience-event.js';
export type { Clock } from './core/clock/clock.js';
export type { ConfigChange } from './core/options/options-patch.js';
export { applyEnvOverrides, envPrefixOf } from './config/env-overrides.js';
export { parsePolicyConfigPatch } from './config/policy-config-patch.js';
export { currentAttempt } from './context/current-attempt.js';
export * from './decorators/index.js';
export { InvalidDeadlineError, isInvalidDeadlineError } from './errors/invalid-deadline.error.js';
export { ResilienceSetupError } from './errors/resilience-setup.error.js';
export { UnknownPolicyError } from './errors/unknown-policy.error.js';
export { DeadlineInterceptor } from './interceptors/deadline.interceptor.js';
export { ResilienceInterceptor } from './interceptors/resilience.interceptor.js';
export { RESILIENCE_MODULE_OPTIONS } from './module/resilience.module-definition.js';
export { BREAKER_STORE } from './module/breaker-store.token.js';
export {
  MemoryBreakerStore,
  type BreakerLink,
  type BreakerStore,
  type ProbeResult,
  type SharedBreaker,
  type SharedBreakerView,
} from './core/breaker/breaker-store.js';
export type { DeadlineOptions, ResilienceModuleOptions } from './module/resilience-module-options.js';
export { ResilienceModule } from './module/resilience.module.js';
export { PolicyRegistry } from './registry/policy-registry.js';
