import type { CircuitBreakerPolicy, ResiliencePolicy } from '../core/index.js';
import { CircuitStateNotReachedError } from './circuit-state-not-reached.error.js';
import { failuresToOpen } from './failures-to-open.js';
import { MissingPolicyPartError } from './missing-policy-part.error.js';
import { testingMessages } from './resilience-testing.messages.js';
import { SimulatedFailureError } from './simulated-failure.error.js';

/** Options of {@link openCircuit} and `halfOpenCircuit`. */
export interface OpenCircuitOptions {
  /**
   * What each failed call throws; it must count under the breaker's `isFailure`.
   * @default an Error with HTTP status 503 (`SimulatedFailureError`)
   */
  error?: unknown;
}

/**
 * Drives the policy's breaker to `open` through real failed calls (each a counted, non-retried
 * failure); resolves once open. The calls run through the policy's breaker alone, as a
 * `policy.select({ circuitBreaker: true })` pipeline: whatever its retry predicates, nothing
 * retries or sleeps on a fake clock, no retry-budget token is spent and no bulkhead slot is
 * taken, while the breaker counts them and reports their outcomes as for any call. A breaker
 * already open is left as it is; a half-open one takes one failed probe. Throws
 * {@link MissingPolicyPartError} when the policy has no breaker and
 * {@link CircuitStateNotReachedError} when the breaker is not open after the calls its
 * settings need (or is held forced_open or disabled by an operator).
 * @example
 * await openCircuit(moduleRef.get(PolicyRegistry).get('payments'));
 * await expect(client.charge(10)).resolves.toEqual(queuedCharge);
 */
export async function openCircuit(policy: ResiliencePolicy, options: OpenCircuitOptions = {}): Promise<void> {
  const breaker = policy.breaker;
  if (breaker === undefined) throw new MissingPolicyPartError(policy.name, 'circuit breaker');
  if (breaker.state === 'open') return;
  if (breaker.state === 'forced_open' || breaker.state === 'disabled')
    throw notOpen(breaker, testingMessages.operatorState(policy.name, breaker.state));
  const error = options.error ?? new SimulatedFailureError(policy.name);
  if (!breaker.isFailure(error)) throw notOpen(breaker, testingMessages.notCounted(policy.name));
  const calls = failuresToOpen(breaker);
  if (calls === Infinity) throw notOpen(breaker, testingMessages.neverOpens(policy.name));
  const breakerOnly = policy.select({ circuitBreaker: true });
  for (let call = 0; call < calls && !isOpen(breaker); call++) {
    await breakerOnly.execute(() => Promise.reject(error)).catch(() => undefined);
  }
  if (!isOpen(breaker))
    throw notOpen(breaker, testingMessages.stillNotOpen(policy.name, calls, breaker.state));
}

// A function, so TypeScript does not keep the narrowing of `state` from before the calls.
function isOpen(breaker: CircuitBreakerPolicy): boolean {
  return breaker.state === 'open';
}

function notOpen(breaker: CircuitBreakerPolicy, message: string): CircuitStateNotReachedError {
  return new CircuitStateNotReachedError({
    policy: breaker.name,
    expected: 'open',
    actual: breaker.state,
    message,
  });
}
