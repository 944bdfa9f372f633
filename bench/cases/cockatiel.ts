import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { work, type CaseSetup } from '../harness.js';

/** cockatiel 4, configured like Carta's full stack; for comparison only. */
export const subject = 'cockatiel';

function breaker(halfOpenAfter: number): CircuitBreakerPolicy {
  return circuitBreaker(handleAll, { halfOpenAfter, breaker: new ConsecutiveBreaker(5) });
}

/**
 * wrap(retry, circuitBreaker, bulkhead, timeout). cockatiel's maxAttempts counts retries, so 2
 * makes Carta's 3 attempts in all. The retry skips BrokenCircuitError: retrying an open
 * breaker would sleep through backoff, and Carta's pipeline never retries one either.
 */
function fullWrap(circuit: CircuitBreakerPolicy): IPolicy {
  return wrap(
    retry(
      handleWhen((error) => !isBrokenCircuitError(error)),
      { maxAttempts: 2, backoff: new ExponentialBackoff() },
    ),
    circuit,
    bulkhead(2_000),
    // Aggressive rejects at the deadline, as Carta's per-attempt timeout and opossum's do.
    timeout(1_000, TimeoutStrategy.Aggressive),
  );
}

/** Opens a breaker the way production does: five consecutive failures. */
async function trip(circuit: CircuitBreakerPolicy): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await circuit
      .execute(() => {
        throw new Error('dependency down');
      })
      .catch(() => undefined);
  }
}

export async function setup(): Promise<CaseSetup> {
  const circuit = breaker(60_000);
  const full = fullWrap(breaker(60_000));
  // Open-breaker subjects must not reach half-open during the run.
  const openCircuit = breaker(3_600_000);
  const openWrapCircuit = breaker(3_600_000);
  const openFull = fullWrap(openWrapCircuit);
  await trip(openCircuit);
  await trip(openWrapCircuit);

  return {
    cases: [
      { id: 'cockatiel.breaker', label: 'cockatiel circuitBreaker alone', call: () => circuit.execute(work) },
      {
        id: 'cockatiel.wrap',
        label: 'cockatiel wrap(retry, breaker, bulkhead, timeout)',
        call: () => full.execute(work),
      },
      {
        id: 'cockatiel.breaker.open',
        label: 'cockatiel circuitBreaker alone, open',
        rejects: true,
        baseline: null,
        call: () => openCircuit.execute(work),
      },
      {
        id: 'cockatiel.wrap.open',
        label: 'cockatiel wrap, open',
        rejects: true,
        baseline: null,
        call: () => openFull.execute(work),
      },
    ],
  };
}
