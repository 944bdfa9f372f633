/** The Prometheus names the binding exports; every series carries `service` (the policy name). */
export const RESILIENCE_METRIC_NAMES = {
  breakerState: 'circuit_breaker_state',
  breakerTransitions: 'circuit_breaker_transitions_total',
  breakerTrips: 'circuit_breaker_trips_total',
  breakerCalls: 'circuit_breaker_calls_total',
  breakerFailureRate: 'circuit_breaker_failure_rate',
  breakerStoreErrors: 'circuit_breaker_store_errors_total',
  bulkheadActive: 'bulkhead_active_count',
  bulkheadQueueDepth: 'bulkhead_queue_depth',
  bulkheadMaxConcurrent: 'bulkhead_max_concurrent',
  bulkheadRejected: 'bulkhead_rejected_total',
  timeouts: 'http_client_timeouts_total',
  retries: 'http_client_retries_total',
  retryBudgetTokens: 'retry_budget_tokens',
  retryBudgetDenied: 'retry_budget_denied_total',
  fallbacks: 'fallback_invocations_total',
} as const;
