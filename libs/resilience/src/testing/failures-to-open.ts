import type { CircuitBreakerPolicy } from '../core/index.js';

/**
 * How many more counted failures in a row open `breaker` for sure, from its settings and the
 * calls its window holds; Infinity when no number of failures can. Fewer may do: this is the
 * bound after which a breaker that is still closed will not open by failures alone.
 */
export function failuresToOpen(breaker: CircuitBreakerPolicy): number {
  const settings = breaker.effectiveSettings;
  if (breaker.state === 'half_open') return 1;
  const byConsecutive = settings.failureThreshold - breaker.consecutiveFailures;
  const rate = settings.failureRateThreshold;
  if (rate === null) return byConsecutive;
  const { type, size, minimumCalls } = settings.slidingWindow;
  // A count window of `size` failures holds nothing else: a 100% rate, over minimumCalls.
  if (type === 'count') return Math.min(byConsecutive, size);
  // A time window keeps every call of its last seconds, which may all be successes.
  const held = breaker.snapshot().windowCalls;
  const toMinimum = Math.max(1, minimumCalls - held);
  if (held === 0 || rate >= 100) return Math.min(byConsecutive, toMinimum);
  // f failures over `held` successes reach `rate` percent once f / (f + held) >= rate / 100;
  // one more absorbs the float rounding of the breaker's own percentage.
  const toRate = Math.ceil((rate * held) / (100 - rate)) + 1;
  return Math.min(byConsecutive, Math.max(toMinimum, toRate));
}
