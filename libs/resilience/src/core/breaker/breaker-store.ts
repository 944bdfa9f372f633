import type { EventStream } from '../events/event-stream.js';
import type { OptionsPatch } from '../options/options-patch.js';
import type { BreakerState } from './breaker-state.js';
import type { CircuitBreakerOptions } from './circuit-breaker.options.js';
import type { BreakerSettings } from './circuit-breaker.settings.js';

/** The shared state of one policy's breaker, as a store reports it. */
export interface SharedBreakerView {
  state: BreakerState;
  consecutiveFailures: number;
  /** Milliseconds left of the open interval (0 unless open). */
  openRemainingMs: number;
  /** Failed probes since the breaker last closed (grows the open interval under `openBackoff`). */
  failedOpens: number;
  /** Why the shared state last changed (`consecutive_failures`, `operator`, ...). */
  reason: string;
}

/** What a {@link BreakerLink} may read from and do to the breaker it serves. */
export interface SharedBreaker {
  readonly name: string;
  readonly events: EventStream;
  /** The state this replica is in now. */
  readonly state: BreakerState;
  /** The settings in effect: sent with each change so every replica's store applies the same ones. */
  readonly effectiveSettings: BreakerSettings;
  /** Takes the shared state as its own (another replica's change, or a resync). */
  adopt(view: SharedBreakerView): void;
  /** Takes the shared counts without a transition. */
  adoptCounts(view: SharedBreakerView): void;
  /** Applies settings another replica reconfigured, without sharing them back. */
  adoptOptions(patch: OptionsPatch<CircuitBreakerOptions>): void;
}

/** How a half-open probe ended, as its link reports it. */
export type ProbeResult = 'success' | 'failure' | 'released';

/**
 * One breaker's connection to the shared state of its policy name. The breaker calls it
 * synchronously; a link does its I/O in the background and answers through
 * {@link SharedBreaker.adopt}.
 */
export interface BreakerLink {
  /** False while the store is unreachable: the breaker then decides alone, on its local state. */
  readonly shared: boolean;
  /** A counted outcome of a call the closed breaker admitted. */
  recordOutcome(failed: boolean, slow: boolean): void;
  /** Consumes a probe lease this replica holds, or asks for one and returns false. */
  takeProbe(): boolean;
  /** Hands back the lease of a probe that ended. */
  probeDone(result: ProbeResult): void;
  /** Shares an operator's state change (already applied locally). */
  setState(state: BreakerState, reason: string): void;
  /** Shares a runtime reconfiguration (already applied locally). */
  reconfigured(settings: BreakerSettings): void;
  /** Stops listening for changes of this breaker. */
  unlink(): void;
}

/**
 * Where breaker state lives: the seam between a breaker and the replicas it shares a policy
 * name with. {@link MemoryBreakerStore} (the default) keeps every breaker local to its
 * process; `RedisBreakerStore` (`@carta/resilience/redis`) makes all replicas one breaker.
 */
export interface BreakerStore {
  /** Connects a breaker to its policy's shared state; `undefined` leaves it purely local. */
  link(breaker: SharedBreaker): BreakerLink | undefined;
  /** Resolves once every change sent so far has been answered and adopted. */
  settled(): Promise<void>;
  /** Stops timers and subscriptions; never closes a connection it was given. */
  close(): Promise<void>;
}

/**
 * The default store: each breaker keeps its state in its own process, exactly as an unlinked
 * breaker does, at no cost on the call path. One process is one breaker per policy name.
 */
export class MemoryBreakerStore implements BreakerStore {
  link(): undefined {
    return undefined;
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}
