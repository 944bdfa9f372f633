import { applyEnvOverrides, type PolicyConfig } from '@carta/resilience';
import { DEPENDENCY_POLICIES } from '../../../apps/api/src/resilience/dependency-policies.js';
import { DEPENDENCY_NAMES, type DependencyName } from '../../../apps/upstreams/src/faults/dependency-name.js';

/** Carta's defaults for one dependency, flattened for libraries that spell them their own way. */
export interface PeerPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker stays open before a probe. */
  resetTimeoutMs: number;
  /** Failure rate (percent) over the window that opens the breaker. */
  failureRatePercent: number;
  windowMs: number;
  /** Calls the window needs before its rate counts. */
  minimumCalls: number;
  maxConcurrent: number;
  maxQueue: number;
}

// Each value is set in DEPENDENCY_POLICIES today; the fallbacks are the library's own defaults.
function flatten(config: PolicyConfig): PeerPolicy {
  const breaker = config.circuitBreaker ?? {};
  const window = breaker.slidingWindow ?? {};
  return {
    attempts: config.retry?.maxAttempts ?? 3,
    baseDelayMs: config.retry?.baseDelayMs ?? 100,
    maxDelayMs: config.retry?.maxDelayMs ?? 5_000,
    timeoutMs: config.timeoutMs ?? 10_000,
    failureThreshold: breaker.failureThreshold ?? 5,
    resetTimeoutMs: breaker.resetTimeoutMs ?? 10_000,
    failureRatePercent: breaker.failureRateThreshold ?? 50,
    windowMs: (window.type === 'time' ? (window.size ?? 100) : 30) * 1_000,
    minimumCalls: window.minimumCalls ?? 10,
    maxConcurrent: config.bulkhead?.maxConcurrent ?? 10,
    maxQueue: config.bulkhead?.maxQueue ?? 0,
  };
}

/**
 * Carta's policy of each dependency (apps/api/src/resilience/dependency-policies.ts) with the
 * same RESILIENCE_<DEPENDENCY>_<OPTION> overrides Carta applies, read from `env`: one variable
 * given to the bench changes Carta and the peers alike.
 */
export function peerPoliciesOf(env: Record<string, string | undefined>): Record<DependencyName, PeerPolicy> {
  const policies = applyEnvOverrides(DEPENDENCY_POLICIES, env);
  return Object.fromEntries(DEPENDENCY_NAMES.map((name) => [name, flatten(policies[name])])) as Record<
    DependencyName,
    PeerPolicy
  >;
}
