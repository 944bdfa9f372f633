import type { ApiConfig } from '../config/api.config.js';
import type { ShedThresholds } from './load-shedder.js';
import type { SheddablePriority } from './route-priority.js';

type ShedConfig = Pick<
  ApiConfig,
  | 'SHED_BROWSE_EVENT_LOOP_DELAY_MS'
  | 'SHED_BROWSE_MAX_IN_FLIGHT'
  | 'SHED_CHECKOUT_EVENT_LOOP_DELAY_MS'
  | 'SHED_CHECKOUT_MAX_IN_FLIGHT'
  | 'SHED_EVENT_LOOP_WINDOW_MS'
>;

/** Each sheddable priority's thresholds, from the SHED_* settings. */
export function shedThresholdsOf(config: ShedConfig): Record<SheddablePriority, ShedThresholds> {
  return {
    browse: {
      maxEventLoopDelayMs: config.SHED_BROWSE_EVENT_LOOP_DELAY_MS,
      maxInFlight: config.SHED_BROWSE_MAX_IN_FLIGHT,
    },
    checkout: {
      maxEventLoopDelayMs: config.SHED_CHECKOUT_EVENT_LOOP_DELAY_MS,
      maxInFlight: config.SHED_CHECKOUT_MAX_IN_FLIGHT,
    },
  };
}

/**
 * Retry-After of a refused request: one event-loop window, rounded up to whole seconds, the
 * soonest the delay reading can change (the in-flight count may change sooner).
 */
export function shedRetryAfterSeconds(config: Pick<ShedConfig, 'SHED_EVENT_LOOP_WINDOW_MS'>): number {
  return Math.max(1, Math.ceil(config.SHED_EVENT_LOOP_WINDOW_MS / 1000));
}
