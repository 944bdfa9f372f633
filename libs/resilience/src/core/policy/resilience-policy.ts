import { BulkheadPolicy, type BulkheadSettings } from '../bulkhead/bulkhead.policy.js';
import { CircuitBreakerPolicy, type BreakerSnapshot } from '../breaker/circuit-breaker.policy.js';
import type { BreakerSettings } from '../breaker/circuit-breaker.settings.js';
import type { BreakerStore } from '../breaker/breaker-store.js';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { EventStream } from '../events/event-stream.js';
import { FallbackPolicy } from '../fallback/fallback.policy.js';
import { OptionReader } from '../options/option-readers.js';
import { diffLeaves, isPlainObject, mergePatch, type ConfigChange } from '../options/options-patch.js';
import type { AttemptFn } from '../pipeline/attempt-fn.js';
import { PolicyPipeline, type ExecuteOptions } from '../pipeline/policy-pipeline.js';
import type { RetryOptions } from '../retry/retry.options.js';
import { TimeoutPolicy } from '../timeout/timeout.policy.js';
import { RetryBudget, type RetryBudgetSettings } from '../retry/retry-budget.js';
import { RetryPolicy, type RetrySettings } from '../retry/retry.policy.js';
import { messages } from '../resilience.messages.js';
import type { PolicyConfig, PolicyConfigPatch } from './policy-config.js';

/** Which parts of a policy one call site uses, with its own retry or timeout if any. */
export interface PolicySelection {
  circuitBreaker?: boolean;
  /** true: the policy's retry; options: a retry of the call site's own, on the policy's budget. */
  retry?: boolean | RetryOptions;
  /** true: the policy's timeout; a number: the call site's own. */
  timeout?: boolean | number;
  bulkhead?: boolean;
  fallback?: boolean;
}

/** Runtime dependencies shared by every policy of a registry. */
export interface ResilienceDeps {
  clock?: Clock;
  events?: EventStream;
  random?: () => number;
  /** Where breaker state is shared. @default local to the process */
  breakerStore?: BreakerStore;
}

/** The settings in effect for each part of a policy, defaults applied; null for a part it has not. */
export interface PolicySettings {
  circuitBreaker: BreakerSettings | null;
  retry: (RetrySettings & { budget: RetryBudgetSettings | null }) | null;
  timeoutMs: number | null;
  deadlineCutFailureShare: number;
  bulkhead: BulkheadSettings | null;
}

/** The live state of a policy, for dashboards and admin endpoints. */
export interface PolicySnapshot {
  name: string;
  circuitBreaker: BreakerSnapshot | null;
  bulkhead: { active: number; queued: number; maxConcurrent: number; maxQueue: number } | null;
  retryBudget: { tokens: number; maxTokens: number } | null;
  timeoutMs: number | null;
}

/**
 * A named policy: one breaker, one bulkhead and one retry budget per dependency, shared by
 * every call site that names it, whichever parts each call site selects.
 */
export class ResiliencePolicy {
  readonly breaker: CircuitBreakerPolicy | undefined;
  readonly bulkhead: BulkheadPolicy | undefined;
  readonly retry: RetryPolicy | undefined;
  private sharedBudget: RetryBudget | undefined;
  /** The per-attempt timeout (and deadline) stage, shared by the call sites that select it. */
  readonly timeout: TimeoutPolicy;
  readonly fallback: FallbackPolicy | undefined;
  readonly events: EventStream;
  private readonly clock: Clock;
  private readonly random: () => number;
  private whole: PolicyPipeline | undefined;
  private currentConfig: PolicyConfig;

  constructor(
    readonly name: string,
    config: PolicyConfig,
    deps: ResilienceDeps = {},
  ) {
    this.currentConfig = config;
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
    this.random = deps.random ?? Math.random;
    const shared = { clock: this.clock, events: this.events };
    this.breaker =
      config.circuitBreaker &&
      new CircuitBreakerPolicy(name, config.circuitBreaker, { ...shared, breakerStore: deps.breakerStore });
    this.bulkhead = config.bulkhead && new BulkheadPolicy(name, config.bulkhead, shared);
    this.retry = config.retry && this.makeRetry(config.retry);
    this.timeout = new TimeoutPolicy(
      name,
      { timeoutMs: config.timeoutMs, deadlineCutFailureShare: config.deadlineCutFailureShare },
      shared,
    );
    this.fallback = config.fallback && new FallbackPolicy(name, config.fallback.on, this.events);
  }

  /** The options the policy runs with: as built, with every reconfiguration since merged in. */
  get config(): PolicyConfig {
    return this.currentConfig;
  }

  /** The per-attempt timeout in ms, if configured. */
  get timeoutMs(): number | undefined {
    return this.timeout.timeoutMs;
  }

  /** The settings in effect, defaults applied. */
  settings(): PolicySettings {
    const budget = this.retry?.budget;
    return {
      circuitBreaker: this.breaker?.effectiveSettings ?? null,
      retry: this.retry
        ? { ...this.retry.effectiveSettings, budget: budget?.effectiveSettings ?? null }
        : null,
      ...this.timeout.effectiveSettings,
      bulkhead: this.bulkhead?.effectiveSettings ?? null,
    };
  }

  /**
   * Changes the policy's settings at runtime and returns what changed (also reported as a
   * `reconfigured` event). The patch is validated as the boot validates options and applied
   * whole or not at all: one invalid option throws {@link InvalidPolicyConfigError} and
   * changes nothing. The breaker keeps its state, counts and window, the retry budget its
   * tokens (clamped to a smaller maximum), the bulkhead its running calls; each stage's
   * `reconfigure` says when a new value takes effect. Every call site that uses the policy's
   * parts sees the change; values a decorator gives inline (`@Timeout(500)`, `@Retry({...})`)
   * are the code's own and stay. A part the policy was built without cannot be added, nor one
   * it was built with removed, and `fallback` cannot change: decorated methods were composed at
   * boot.
   * @example
   * policy.reconfigure({ circuitBreaker: { failureThreshold: 3 }, timeoutMs: 1_500 });
   */
  reconfigure(patch: PolicyConfigPatch): ConfigChange[] {
    const read: OptionReader = new OptionReader(this.name);
    if (patch.fallback !== undefined) read.fail('fallback', messages.fixedAtRuntime());
    this.checkSection(read, 'circuitBreaker', patch.circuitBreaker, this.breaker);
    this.checkSection(read, 'retry', patch.retry, this.retry);
    this.checkSection(read, 'bulkhead', patch.bulkhead, this.bulkhead);
    const before = { settings: this.settings(), config: this.currentConfig };
    // Every part validates before any changes, so a patch invalid anywhere changes nothing.
    const apply = [
      patch.circuitBreaker && this.breaker!.prepareReconfigure(patch.circuitBreaker),
      patch.retry && this.retry!.prepareReconfigure(patch.retry),
      this.timeout.prepareReconfigure({
        timeoutMs: patch.timeoutMs,
        deadlineCutFailureShare: patch.deadlineCutFailureShare,
      }),
      patch.bulkhead && this.bulkhead!.prepareReconfigure(patch.bulkhead),
    ];
    this.currentConfig = mergePatch(this.currentConfig, patch);
    // The bulkhead goes last: a larger limit starts waiting calls at once, under the new settings.
    for (const step of apply) step?.();
    const changes = [
      ...diffLeaves(before.settings, this.settings()),
      // Predicates have no settings to compare: report the ones the patch replaced.
      ...diffLeaves(before.config, this.currentConfig).filter(
        (change) => typeof change.from === 'function' || typeof change.to === 'function',
      ),
    ];
    if (changes.length > 0 && this.events.active)
      this.events.emit({ type: 'reconfigured', policy: this.name, changes });
    return changes;
  }

  /** The policy's whole configured stack. */
  get pipeline(): PolicyPipeline {
    return (this.whole ??= this.select({
      circuitBreaker: true,
      retry: true,
      timeout: true,
      bulkhead: true,
      fallback: true,
    }));
  }

  /**
   * Runs `fn` through the whole stack.
   * @example
   * await registry.get('payments').execute(({ signal }) => axios.post(url, body, { signal }));
   */
  execute<T>(fn: AttemptFn<T>, options?: ExecuteOptions<T>): Promise<T> {
    return this.pipeline.execute(fn, options);
  }

  /** A pipeline of the selected parts; parts the policy does not configure are left out. */
  select(selection: PolicySelection): PolicyPipeline {
    const retry =
      typeof selection.retry === 'object'
        ? this.makeRetry(selection.retry)
        : selection.retry
          ? this.retry
          : undefined;
    const timeout =
      typeof selection.timeout === 'number'
        ? new TimeoutPolicy(
            this.name,
            { timeoutMs: selection.timeout, deadlineCutFailureShare: this.timeout.deadlineCutFailureShare },
            { clock: this.clock, events: this.events },
          )
        : selection.timeout
          ? this.timeout
          : undefined;
    return new PolicyPipeline(
      this.name,
      {
        breaker: selection.circuitBreaker ? this.breaker : undefined,
        retry,
        timeout,
        bulkhead: selection.bulkhead ? this.bulkhead : undefined,
        fallback: selection.fallback
          ? (this.fallback ?? new FallbackPolicy(this.name, undefined, this.events))
          : undefined,
      },
      { clock: this.clock, events: this.events },
    );
  }

  /** The retry budget every retry of this policy shares; created by the first retry that uses one. */
  get budget(): RetryBudget | undefined {
    return this.sharedBudget;
  }

  snapshot(): PolicySnapshot {
    const b = this.bulkhead;
    return {
      name: this.name,
      circuitBreaker: this.breaker?.snapshot() ?? null,
      bulkhead: b
        ? { active: b.active, queued: b.queued, maxConcurrent: b.maxConcurrent, maxQueue: b.maxQueue }
        : null,
      retryBudget: this.budget ? { tokens: this.budget.tokens, maxTokens: this.budget.maxTokens } : null,
      timeoutMs: this.timeoutMs ?? null,
    };
  }

  private checkSection(read: OptionReader, section: string, patch: unknown, built: object | undefined): void {
    if (patch === undefined || (patch === null && built === undefined)) return;
    if (patch === null) read.fail(section, messages.sectionRemovedAtRuntime());
    if (!isPlainObject(patch)) read.fail(section, messages.wrongKind('object', patch));
    if (built === undefined) read.fail(section, messages.sectionAddedAtRuntime());
  }

  private makeRetry(options: RetryOptions): RetryPolicy {
    // Call sites share the policy's budget; the policy's own budget options size it.
    const wantsBudget = options.budget !== false && this.config.retry?.budget !== false;
    if (wantsBudget)
      this.sharedBudget ??= new RetryBudget(this.name, this.config.retry?.budget || options.budget || {});
    return new RetryPolicy(
      this.name,
      { ...options, budget: wantsBudget ? options.budget : false },
      {
        clock: this.clock,
        events: this.events,
        random: this.random,
        budget: wantsBudget ? this.sharedBudget : undefined,
      },
    );
  }
}
