import { OptionReader } from '../options/option-readers.js';
import type { CircuitBreakerOptions } from './circuit-breaker.options.js';
import { CountWindow, TimeWindow, type SlidingWindow } from './sliding-window.js';

/** A breaker's effective settings: its options validated, defaults applied, `null` for off. */
export interface BreakerSettings {
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  readonly halfOpenMaxCalls: number;
  readonly successThreshold: number;
  readonly failureRateThreshold: number | null;
  readonly slowCallRateThreshold: number | null;
  readonly slowCallDurationMs: number;
  readonly slidingWindow: {
    readonly type: 'count' | 'time';
    readonly size: number;
    /** As applied: a count window caps it at its size. */
    readonly minimumCalls: number;
  };
  readonly openBackoff: { readonly multiplier: number; readonly maxResetTimeoutMs: number } | null;
}

/**
 * Validates `options` and resolves their defaults, failing with the policy and option named.
 * The breaker reads its options only through this, at construction and on reconfiguration
 * alike, so what boots and what a runtime change accepts cannot drift apart.
 */
export function readBreakerSettings(policy: string, options: CircuitBreakerOptions): BreakerSettings {
  const read = new OptionReader(policy, 'circuitBreaker');
  const failureThreshold = read.int('failureThreshold', options.failureThreshold, 5, 1, true);
  const resetTimeoutMs = read.number('resetTimeoutMs', options.resetTimeoutMs, 10_000);
  const halfOpenMaxCalls = read.int('halfOpenMaxCalls', options.halfOpenMaxCalls, 1);
  const successThreshold = read.int('successThreshold', options.successThreshold, 1);
  const failureRateThreshold = read.percent('failureRateThreshold', options.failureRateThreshold);
  const slowCallRateThreshold = read.percent('slowCallRateThreshold', options.slowCallRateThreshold);
  const slowCallDurationMs = read.number('slowCallDurationMs', options.slowCallDurationMs, 60_000);
  const w = options.slidingWindow ?? {};
  const type = read.oneOf('slidingWindow.type', w.type, ['count', 'time'], 'count');
  const size = read.int('slidingWindow.size', w.size, 100);
  const minimumCalls = read.int('slidingWindow.minimumCalls', w.minimumCalls, 10);
  const multiplier = options.openBackoff
    ? read.number('openBackoff.multiplier', options.openBackoff.multiplier, 2, 1)
    : undefined;
  const maxResetTimeoutMs = read.number(
    'openBackoff.maxResetTimeoutMs',
    options.openBackoff?.maxResetTimeoutMs,
    300_000,
  );
  return {
    failureThreshold,
    resetTimeoutMs,
    halfOpenMaxCalls,
    successThreshold,
    failureRateThreshold: failureRateThreshold ?? null,
    slowCallRateThreshold: slowCallRateThreshold ?? null,
    slowCallDurationMs,
    // As Resilience4j does: a count window of `size` calls can never hold more than `size`.
    slidingWindow: {
      type,
      size,
      minimumCalls: type === 'count' ? Math.min(minimumCalls, size) : minimumCalls,
    },
    openBackoff: multiplier === undefined ? null : { multiplier, maxResetTimeoutMs },
  };
}

/** The window the rate thresholds need; none when neither is set. */
export function windowFor(settings: BreakerSettings): SlidingWindow | undefined {
  if (settings.failureRateThreshold === null && settings.slowCallRateThreshold === null) return undefined;
  const { type, size } = settings.slidingWindow;
  return type === 'count' ? new CountWindow(size) : new TimeWindow(size);
}
