import type { FakeClock, ResiliencePolicy } from '../core/index.js';
import { CircuitStateNotReachedError } from './circuit-state-not-reached.error.js';
import { openCircuit, type OpenCircuitOptions } from './open-circuit.helper.js';
import { testingMessages } from './resilience-testing.messages.js';

/**
 * Opens the breaker, then moves `clock` past the open interval so the next call is a probe.
 * `clock` must be the one the policy runs on (`ResilienceModule.forRoot({ clock })`); time
 * moves with `advanceAsync`, so other timers due meanwhile run too, as they would in real time.
 * Throws as {@link openCircuit} does, and {@link CircuitStateNotReachedError} when the breaker
 * is not half-open afterwards (the policy runs on another clock).
 * @example
 * await halfOpenCircuit(registry.get('payments'), clock);
 * await client.charge(10); // the probe: reaches the dependency, and its success closes the breaker
 */
export async function halfOpenCircuit(
  policy: ResiliencePolicy,
  clock: FakeClock,
  options: OpenCircuitOptions = {},
): Promise<void> {
  await openCircuit(policy, options);
  // openCircuit resolved, so the breaker exists and is open: retryAfterMs is the rest of its interval.
  const breaker = policy.breaker!;
  await clock.advanceAsync(breaker.retryAfterMs ?? 0);
  if (breaker.state !== 'half_open') {
    throw new CircuitStateNotReachedError({
      policy: policy.name,
      expected: 'half_open',
      actual: breaker.state,
      message: testingMessages.notHalfOpen(policy.name, breaker.state),
    });
  }
}
