import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';
import { BREAKER_STATE_CODES, fallbackKindOf, type ResilienceEvent } from '../core/index.js';
import { PolicyRegistry } from '../registry/policy-registry.js';
import { RESILIENCE_METRIC_NAMES as N } from './resilience-metric-names.js';

/** Token of the prom-client Registry the binding registers into. @default prom-client's global registry */
export const RESILIENCE_METRICS_REGISTRY = Symbol('RESILIENCE_METRICS_REGISTRY');

/**
 * Binds the policies to Prometheus: counters follow the event stream, gauges read each
 * policy's snapshot when scraped. Every label value is bounded (policy names, states,
 * outcomes, attempt numbers, error kinds), never an id or a key.
 * @example
 * providers: [ResilienceMetrics] // with @willsoto/nestjs-prometheus serving GET /metrics
 */
@Injectable()
export class ResilienceMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly registry: Registry;
  private readonly transitions: Counter<'service' | 'from' | 'to'>;
  private readonly trips: Counter<'service'>;
  private readonly calls: Counter<'service' | 'outcome'>;
  private readonly rejected: Counter<'service' | 'reason'>;
  private readonly timeouts: Counter<'service' | 'kind'>;
  private readonly retries: Counter<'service' | 'attempt' | 'result'>;
  private readonly budgetDenied: Counter<'service'>;
  private readonly fallbacks: Counter<'service' | 'fallback_type'>;
  private readonly storeErrors: Counter<'service'>;
  private readonly gauges: Gauge[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly policies: PolicyRegistry,
    @Optional() @Inject(RESILIENCE_METRICS_REGISTRY) registry?: Registry,
  ) {
    this.registry = registry ?? defaultRegistry;
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      new Counter({ name, help, labelNames, registers: [this.registry] });
    this.transitions = counter(N.breakerTransitions, 'Circuit breaker state transitions.', [
      'service',
      'from',
      'to',
    ]);
    this.trips = counter(
      N.breakerTrips,
      'Times a breaker tripped open (from closed or a failed half-open probe; not operator overrides).',
      ['service'],
    );
    this.calls = counter(N.breakerCalls, 'Calls through a circuit breaker by how it counted them.', [
      'service',
      'outcome',
    ]);
    this.rejected = counter(N.bulkheadRejected, 'Calls a full bulkhead turned away.', ['service', 'reason']);
    this.timeouts = counter(N.timeouts, 'Attempts ended by their timeout or the request deadline.', [
      'service',
      'kind',
    ]);
    this.retries = counter(
      N.retries,
      'Retries scheduled, and retried calls that succeeded, by attempt number.',
      ['service', 'attempt', 'result'],
    );
    this.budgetDenied = counter(N.retryBudgetDenied, 'Retries the retry budget refused.', ['service']);
    this.fallbacks = counter(N.fallbacks, 'Fallback answers, by the kind of failure they answered.', [
      'service',
      'fallback_type',
    ]);
    this.storeErrors = counter(
      N.breakerStoreErrors,
      'Times a breaker lost its shared store and went on deciding alone on its local state.',
      ['service'],
    );
    this.gauge(
      N.breakerState,
      'Breaker state: 0 closed, 1 open, 2 half-open, 3 forced open, 4 disabled.',
      (s) => (s.circuitBreaker ? BREAKER_STATE_CODES[s.circuitBreaker.state] : undefined),
    );
    this.gauge(N.breakerFailureRate, 'Failed share (0-1) of the calls in the breaker window.', (s) =>
      s.circuitBreaker?.failureRate == null ? undefined : s.circuitBreaker.failureRate / 100,
    );
    this.gauge(N.bulkheadActive, 'Calls running in the bulkhead.', (s) => s.bulkhead?.active);
    this.gauge(N.bulkheadQueueDepth, 'Calls waiting for a bulkhead slot.', (s) => s.bulkhead?.queued);
    this.gauge(
      N.bulkheadMaxConcurrent,
      'Bulkhead size: saturation is active / max.',
      (s) => s.bulkhead?.maxConcurrent,
    );
    this.gauge(N.retryBudgetTokens, 'Tokens left in the retry budget.', (s) => s.retryBudget?.tokens);
  }

  onModuleInit(): void {
    this.unsubscribe = this.policies.subscribe((event) => this.record(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const name of Object.values(N)) this.registry.removeSingleMetric(name);
  }

  private record(event: ResilienceEvent): void {
    switch (event.type) {
      case 'state_change':
        if (event.to === 'open' && (event.from === 'closed' || event.from === 'half_open'))
          this.trips.inc({ service: event.policy });
        return this.transitions.inc({ service: event.policy, from: event.from, to: event.to });
      case 'call_outcome':
        return this.calls.inc({ service: event.policy, outcome: event.outcome });
      case 'bulkhead_rejected':
        return this.rejected.inc({ service: event.policy, reason: event.reason });
      case 'timeout':
        return this.timeouts.inc({ service: event.policy, kind: event.deadline ? 'deadline' : 'attempt' });
      case 'retry_scheduled':
        return this.retries.inc({
          service: event.policy,
          attempt: String(event.attempt + 1),
          result: 'scheduled',
        });
      case 'retry_succeeded':
        return this.retries.inc({ service: event.policy, attempt: String(event.attempt), result: 'success' });
      case 'budget_denied':
        return this.budgetDenied.inc({ service: event.policy });
      case 'fallback_used':
        return this.fallbacks.inc({
          service: event.policy,
          fallback_type: fallbackKindOf(event.error) ?? 'other',
        });
      case 'breaker_store_error':
        return this.storeErrors.inc({ service: event.policy });
      case 'reconfigured':
        // Nothing to count: the gauges read the new settings (bulkhead size) at the next scrape.
        return;
    }
  }

  private gauge(
    name: string,
    help: string,
    read: (snapshot: ReturnType<PolicyRegistry['snapshot']>[number]) => number | undefined,
  ): void {
    const policies = this.policies;
    const gauge: Gauge<'service'> = new Gauge({
      name,
      help,
      labelNames: ['service'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const snapshot of policies.snapshot()) {
          const value = read(snapshot);
          if (value !== undefined) this.set({ service: snapshot.name }, value);
        }
      },
    });
    this.gauges.push(gauge);
  }
}
