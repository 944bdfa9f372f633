import type { BreakerState } from '../breaker/breaker-state.js';
import type { ConfigChange } from '../options/options-patch.js';

/** How a call through a breaker ended, as the breaker counted it. */
export type CallOutcome = 'success' | 'failure' | 'ignored' | 'rejected';

/** Every event the policies report, discriminated by `type`; `policy` is the policy name. */
export type ResilienceEvent =
  | {
      type: 'state_change';
      policy: string;
      from: BreakerState;
      to: BreakerState;
      reason: string;
      failures: number;
      /** When it happened (epoch ms). */
      at: number;
    }
  | { type: 'call_outcome'; policy: string; outcome: CallOutcome; durationMs: number; error?: unknown }
  | { type: 'retry_scheduled'; policy: string; attempt: number; delayMs: number; error: unknown }
  | { type: 'retry_succeeded'; policy: string; attempt: number }
  | { type: 'budget_denied'; policy: string; attempt: number; tokens: number }
  | {
      type: 'bulkhead_rejected';
      policy: string;
      active: number;
      queued: number;
      reason: 'full' | 'queue_timeout';
    }
  | { type: 'timeout'; policy: string; attempt: number; timeoutMs: number; deadline: boolean }
  | { type: 'fallback_used'; policy: string; error: unknown }
  /** A breaker's store failed (unreachable, or an operation errored); the breaker decides alone meanwhile. */
  | { type: 'breaker_store_error'; policy: string; error: unknown }
  | {
      type: 'reconfigured';
      policy: string;
      /** Each option that changed, by dotted path (`circuitBreaker.failureThreshold`), with its effective value before and after. */
      changes: ConfigChange[];
    };

/** The `type` names of {@link ResilienceEvent}. */
export type ResilienceEventType = ResilienceEvent['type'];

/** Receives events; should not throw (a throw is isolated from the caller and reported as a process warning). */
export type ResilienceListener = (event: ResilienceEvent) => void;
