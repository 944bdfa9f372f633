import type { BreakerState } from '../core/index.js';

/** Sentences of `@carta/resilience/testing`: each names the policy and what to change in the test. */
export const testingMessages = {
  missingPart: (policy: string, part: string) =>
    `Policy "${policy}" has no ${part} for this testing helper to drive; configure one for it.`,
  operatorState: (policy: string, state: BreakerState) =>
    `openCircuit: the breaker of policy "${policy}" is ${state}, set by an operator, and calls cannot move it; set it closed first (registry.setBreakerState('${policy}', 'closed')).`,
  neverOpens: (policy: string) =>
    `openCircuit: the breaker of policy "${policy}" opens on no number of failures (failureThreshold is Infinity and no failureRateThreshold is set).`,
  notCounted: (policy: string) =>
    `openCircuit: the breaker of policy "${policy}" does not count the error as a failure (its isFailure says no); pass one it counts as { error }.`,
  stillNotOpen: (policy: string, calls: number, state: BreakerState) =>
    `openCircuit: the breaker of policy "${policy}" is ${state} after ${calls} counted failures, as many as its settings need to open it; a half-open breaker with every probe out, or successes in a time window at failureRateThreshold 100, keep it from opening.`,
  notHalfOpen: (policy: string, state: BreakerState) =>
    `halfOpenCircuit: the breaker of policy "${policy}" is ${state} after the clock passed its open interval; does the policy run on this clock (ResilienceModule.forRoot({ clock }))?`,
};
