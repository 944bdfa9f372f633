import {
  CircuitBreakerPolicy,
  PolicyPipeline,
  ResiliencePolicy,
  type CircuitBreakerOptions,
} from '@carta/resilience/core';
import { work, type CaseSetup } from '../harness.js';

/** Carta's resilience core: the breaker alone and the whole stack, closed and open. */
export const subject = 'carta';

const BREAKER: CircuitBreakerOptions = { failureThreshold: 5, resetTimeoutMs: 60_000 };
// Open-breaker subjects must not reach half-open during the run.
const OPEN_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, resetTimeoutMs: 3_600_000 };

function fullStack(breaker: CircuitBreakerOptions): ResiliencePolicy {
  return new ResiliencePolicy('bench', {
    circuitBreaker: breaker,
    retry: { maxAttempts: 3 },
    timeoutMs: 1_000,
    bulkhead: { maxConcurrent: 2_000 },
  });
}

// A policy runs alone as a pipeline of just it, as users run one.
function breakerAlone(options: CircuitBreakerOptions): PolicyPipeline {
  return new PolicyPipeline('bench', { breaker: new CircuitBreakerPolicy('bench', options) });
}

export function setup(): CaseSetup {
  const breaker = breakerAlone(BREAKER);
  const full = fullStack(BREAKER);
  const openBreaker = breakerAlone(OPEN_BREAKER);
  // breakerAlone always configures a breaker.
  openBreaker.breaker!.transitionTo('open');
  const openFull = fullStack(OPEN_BREAKER);
  // fullStack always configures a breaker.
  openFull.breaker!.transitionTo('open');

  return {
    cases: [
      {
        id: 'carta.breaker',
        label: 'carta breaker alone',
        peers: { cockatiel: 'cockatiel.breaker', opossum: 'opossum.breaker' },
        call: () => breaker.execute(work),
      },
      {
        id: 'carta.full',
        label: 'carta full stack',
        peers: { opossum: 'opossum.fire', cockatiel: 'cockatiel.wrap' },
        // The attempt's ctx.signal is created on first read; work() never reads it.
        call: () => full.execute(work),
      },
      {
        id: 'carta.breaker.open',
        label: 'carta breaker alone, open',
        rejects: true,
        baseline: null,
        peers: { cockatiel: 'cockatiel.breaker.open', opossum: 'opossum.open' },
        call: () => openBreaker.execute(work),
      },
      {
        id: 'carta.full.open',
        label: 'carta full stack, open',
        rejects: true,
        baseline: null,
        peers: { cockatiel: 'cockatiel.wrap.open', opossum: 'opossum.open' },
        call: () => openFull.execute(work),
      },
    ],
  };
}
