import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import CircuitBreaker from 'opossum';
import { ResiliencePolicy } from '@carta/resilience/core';
import { retainedBytesPer, work, type CaseSetup } from '../harness.js';

/** Heap retained per idle (constructed, never called) policy, 10,000 of each. */
export const subject = 'memory';

export const POLICIES = 10_000;

const subjects: Record<string, (name: string) => unknown> = {
  carta: (name) =>
    new ResiliencePolicy(name, { circuitBreaker: {}, retry: {}, timeoutMs: 1_000, bulkhead: {} }),
  cockatiel: () =>
    wrap(
      retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
      circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
      bulkhead(10),
      timeout(1_000, TimeoutStrategy.Aggressive),
    ),
  opossum: (name) => new CircuitBreaker(work, { name, timeout: 1_000 }),
};

export function setup(): CaseSetup {
  return { measure };
}

/** Returns `{ <subject>BytesPerPolicy: n }`, each the median of three runs. */
function measure(): Record<string, number> {
  if (typeof globalThis.gc !== 'function') throw new Error('memory: run node with --expose-gc');
  // Names are built outside the measured region: every subject gets the same strings.
  const names = Array.from({ length: POLICIES }, (_, i) => `p${i}`);
  const result: Record<string, number> = {};
  for (const [key, build] of Object.entries(subjects)) {
    const runs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const { bytesPer, items } = retainedBytesPer(POLICIES, (i) => build(names[i]));
      runs.push(bytesPer);
      // opossum breakers hold interval timers until shut down.
      if (key === 'opossum') items.forEach((b) => (b as CircuitBreaker).shutdown());
    }
    runs.sort((a, b) => a - b);
    result[`${key}BytesPerPolicy`] = Math.round(runs[1]);
  }
  return result;
}
