import type {
  BreakerSettings,
  BreakerState,
  CircuitBreakerOptions,
  OptionsPatch,
  SharedBreakerView,
} from '../core/index.js';

/** What every breaker script answers: the shared state, and what the script itself did. */
export interface BreakerReply {
  view: SharedBreakerView;
  generation: number;
  /** 1 when a probe lease was granted. */
  granted: boolean;
  configVersion: number;
  /** The settings last shared by a reconfiguration, as JSON; '' if none. */
  config: string;
}

/** Reads a script's reply array (see BREAKER_REPLY_FIELDS). */
export function parseBreakerReply(raw: unknown): BreakerReply {
  const [state, generation, consecutive, openRemainingMs, failedOpens, reason, granted, cv, config] = raw as [
    string,
    number,
    number,
    number,
    number,
    string,
    number,
    number,
    string,
  ];
  return {
    view: {
      state: state as BreakerState,
      consecutiveFailures: Number(consecutive),
      openRemainingMs: Number(openRemainingMs),
      failedOpens: Number(failedOpens),
      reason,
    },
    generation: Number(generation),
    granted: Number(granted) === 1,
    configVersion: Number(cv),
    config,
  };
}

/** The settings a script decides with, as the JSON its ARGV[3] carries. */
export function scriptSettings(settings: BreakerSettings): string {
  return JSON.stringify({
    failureThreshold: settings.failureThreshold,
    resetTimeoutMs: settings.resetTimeoutMs,
    halfOpenMaxCalls: settings.halfOpenMaxCalls,
    successThreshold: settings.successThreshold,
    failureRateThreshold: settings.failureRateThreshold ?? -1,
    slowCallRateThreshold: settings.slowCallRateThreshold ?? -1,
    windowType: settings.slidingWindow.type,
    windowSize: settings.slidingWindow.size,
    minimumCalls: settings.slidingWindow.minimumCalls,
    multiplier: settings.openBackoff?.multiplier ?? 1,
    maxResetTimeoutMs: settings.openBackoff?.maxResetTimeoutMs ?? settings.resetTimeoutMs,
  });
}

/** The patch that makes another replica's breaker run with `settings` (a `null` restores a default). */
export function settingsPatch(settings: BreakerSettings): OptionsPatch<CircuitBreakerOptions> {
  return {
    failureThreshold: settings.failureThreshold,
    resetTimeoutMs: settings.resetTimeoutMs,
    halfOpenMaxCalls: settings.halfOpenMaxCalls,
    successThreshold: settings.successThreshold,
    failureRateThreshold: settings.failureRateThreshold,
    slowCallRateThreshold: settings.slowCallRateThreshold,
    slowCallDurationMs: settings.slowCallDurationMs,
    slidingWindow: { ...settings.slidingWindow },
    openBackoff: settings.openBackoff && { ...settings.openBackoff },
  };
}
