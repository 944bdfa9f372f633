import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import {
  EventStream,
  InvalidPolicyConfigError,
  isInvalidPolicyConfigError,
  ResiliencePolicy,
  systemClock,
  type Clock,
  type ResilienceDeps,
  type BreakerState,
  type BreakerStore,
  type ConfigChange,
  type PolicyConfigPatch,
  type PolicySnapshot,
  type ResilienceListener,
} from '../core/index.js';
import { resolveEnvOverrides } from '../config/env-overrides.js';
import { UnknownPolicyError } from '../errors/unknown-policy.error.js';
import { BREAKER_STORE } from '../module/breaker-store.token.js';
import { RESILIENCE_MODULE_OPTIONS } from '../module/resilience.module-definition.js';
import type { ResilienceModuleOptions } from '../module/resilience-module-options.js';

/**
 * Every named policy, built once from the module options: look one up to run calls through
 * it, read its live state, or steer its breaker.
 */
@Injectable()
export class PolicyRegistry implements OnModuleDestroy {
  /** Every policy reports here: state changes, outcomes, retries, rejections, timeouts, fallbacks. */
  readonly events = new EventStream();
  /** The clock every policy runs on. */
  readonly clock: Clock;
  private readonly policies = new Map<string, ResiliencePolicy>();
  private readonly unnamed = new Map<string, ResiliencePolicy>();
  private readonly deps: ResilienceDeps;

  private readonly breakerStore: BreakerStore | undefined;

  constructor(
    @Inject(RESILIENCE_MODULE_OPTIONS) options: ResilienceModuleOptions,
    @Optional() @Inject(BREAKER_STORE) breakerStore?: BreakerStore,
  ) {
    this.clock = options.clock ?? systemClock;
    this.breakerStore = breakerStore ?? options.breakerStore;
    this.deps = {
      clock: this.clock,
      random: options.random,
      events: this.events,
      breakerStore: this.breakerStore,
    };
    const { policies, sources } = options.env
      ? resolveEnvOverrides(options.policies ?? {}, options.env)
      : { policies: options.policies ?? {}, sources: undefined };
    for (const [name, config] of Object.entries(policies)) {
      try {
        this.policies.set(name, new ResiliencePolicy(name, config, this.deps));
      } catch (error) {
        throw namingEnvSource(error, sources?.get(name));
      }
    }
  }

  /** A private, unlisted policy for a call site that names none (an inline `@Retry({...})`). */
  adHoc(site: string): ResiliencePolicy {
    let policy = this.unnamed.get(site);
    if (policy === undefined) this.unnamed.set(site, (policy = new ResiliencePolicy(site, {}, this.deps)));
    return policy;
  }

  /** The policy named `name`; throws {@link UnknownPolicyError} if none is configured. */
  get(name: string): ResiliencePolicy {
    const policy = this.policies.get(name);
    if (policy === undefined) throw new UnknownPolicyError(name);
    return policy;
  }

  has(name: string): boolean {
    return this.policies.has(name);
  }

  /** The configured policy names. */
  names(): string[] {
    return [...this.policies.keys()];
  }

  /** Live state of every policy. */
  snapshot(): PolicySnapshot[] {
    return [...this.policies.values()].map((policy) => policy.snapshot());
  }

  /** Sets a breaker's state by hand (an operator's `forced_open`, `disabled` or `closed`). */
  setBreakerState(name: string, state: BreakerState, reason = 'operator'): void {
    const breaker = this.get(name).breaker;
    if (breaker === undefined) throw new UnknownPolicyError(name, 'circuit breaker');
    breaker.transitionTo(state, reason);
  }

  /**
   * Changes a policy's settings at runtime, validated as at boot and applied whole or not at
   * all (see `ResiliencePolicy.reconfigure`); returns what changed, also reported to
   * subscribers as a `reconfigured` event. Throws {@link UnknownPolicyError} for an unknown
   * name and {@link InvalidPolicyConfigError} for an invalid patch.
   * @example
   * registry.reconfigure('payments', { circuitBreaker: { failureThreshold: 3 }, timeoutMs: 1_500 });
   */
  reconfigure(name: string, patch: PolicyConfigPatch): ConfigChange[] {
    return this.get(name).reconfigure(patch);
  }

  /** Closes the breaker store: its timers and subscription stop; connections it was given stay open. */
  async onModuleDestroy(): Promise<void> {
    await this.breakerStore?.close();
  }

  /** Subscribes to every policy's events; returns the unsubscribe function. */
  subscribe(listener: ResilienceListener): () => void {
    return this.events.subscribe(listener);
  }
}

// An out-of-range value an env variable set is reported with the variable, which is what
// the operator has to change.
function namingEnvSource(error: unknown, sources: Map<string, string> | undefined): unknown {
  if (!isInvalidPolicyConfigError(error) || sources === undefined) return error;
  const variable = sources.get(error.path);
  if (variable === undefined) return error;
  return new InvalidPolicyConfigError(error.policy, error.path, `${error.problem} (set by ${variable})`);
}
