import type { PolicyConfig } from '@carta/resilience';

/** The policy names, one per dependency. */
export const CATALOG = 'catalog';
export const INVENTORY = 'inventory';
export const PAYMENTS = 'payments';

/**
 * Defaults of each dependency's defences, overridable per option by
 * `RESILIENCE_<DEPENDENCY>_<OPTION>` (e.g. RESILIENCE_PAYMENTS_TIMEOUT_MS=1500). They nest
 * inside the 3 s request budget: catalog (2 x 800 ms) and inventory (500 ms) leave payments
 * its 2 s attempt, and the request deadline cuts whatever would overrun.
 */
// Besides 5 consecutive failures, half the calls of the last 30 s failing (over 20 calls at
// least) opens a breaker: a dependency failing every other call is caught too, and the window
// feeds circuit_breaker_failure_rate.
const failureRate = {
  failureRateThreshold: 50,
  slidingWindow: { type: 'time' as const, size: 30, minimumCalls: 20 },
};

export const DEPENDENCY_POLICIES: Record<string, PolicyConfig> = {
  [CATALOG]: {
    circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 10_000, ...failureRate },
    retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
    timeoutMs: 800,
    bulkhead: { maxConcurrent: 20, maxQueue: 50 },
  },
  [INVENTORY]: {
    circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 10_000, ...failureRate },
    retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
    timeoutMs: 500,
    // Five in flight and no queue: a flooded inventory is refused at once, not waited on.
    bulkhead: { maxConcurrent: 5, maxQueue: 0 },
  },
  [PAYMENTS]: {
    circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 10_000, ...failureRate },
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    timeoutMs: 2_000,
    bulkhead: { maxConcurrent: 20, maxQueue: 20 },
  },
};
