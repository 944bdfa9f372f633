import type { BackoffKind } from './retry.options.js';

/**
 * The delay before attempt `failed + 1`, given the delay used before (decorrelated jitter
 * grows from it). `random` returns [0, 1).
 */
export function backoffDelay(
  kind: BackoffKind,
  failed: number,
  previousMs: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  switch (kind) {
    case 'constant':
      return Math.min(baseMs, maxMs);
    case 'exponential_no_jitter':
      return Math.min(maxMs, baseMs * 2 ** (failed - 1));
    case 'decorrelated': {
      // AWS "decorrelated jitter": uniform between base and three times the last delay.
      const upper = Math.max(baseMs, previousMs * 3);
      return Math.min(maxMs, baseMs + random() * (upper - baseMs));
    }
    default:
      // AWS "full jitter": uniform between 0 and the exponential ceiling.
      return random() * Math.min(maxMs, baseMs * 2 ** (failed - 1));
  }
}
