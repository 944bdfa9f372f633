import { Registry } from 'prom-client';
import { BrokenCircuitError, FakeClock } from '../core/index.js';
import { PolicyRegistry } from '../registry/policy-registry.js';
import { ResilienceMetrics } from './resilience-metrics.js';

const http503 = (): Error => Object.assign(new Error('HTTP 503'), { status: 503 });

function setup() {
  const clock = new FakeClock(1_000_000);
  const policies = new PolicyRegistry({
    clock,
    policies: {
      payments: {
        circuitBreaker: { failureThreshold: 2 },
        retry: { maxAttempts: 2, backoff: 'constant', baseDelayMs: 0 },
        bulkhead: { maxConcurrent: 3 },
      },
    },
  });
  const registry = new Registry();
  const metrics = new ResilienceMetrics(policies, registry);
  metrics.onModuleInit();
  return { clock, policies, registry, metrics };
}

const sample = async (
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> => {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))?.value;
};

describe('ResilienceMetrics', () => {
  it('reports breaker state, transitions and call outcomes as the breaker opens', async () => {
    const { policies, registry } = setup();
    const payments = policies.get('payments');
    for (let i = 0; i < 2; i++)
      await payments.execute(() => Promise.reject(http503())).catch(() => undefined);
    await payments.execute(() => Promise.resolve(1)).catch(() => undefined);
    expect(await sample(registry, 'circuit_breaker_state', { service: 'payments' })).toBe(1);
    expect(
      await sample(registry, 'circuit_breaker_transitions_total', {
        service: 'payments',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
    expect(
      await sample(registry, 'circuit_breaker_calls_total', { service: 'payments', outcome: 'failure' }),
    ).toBe(2);
    expect(
      await sample(registry, 'circuit_breaker_calls_total', { service: 'payments', outcome: 'rejected' }),
    ).toBe(1);
  });

  it('counts each trip open in circuit_breaker_trips_total, but not an operator forcing it open', async () => {
    const { policies, registry, clock } = setup();
    const payments = policies.get('payments');
    const failTwice = async (): Promise<void> => {
      for (let i = 0; i < 2; i++)
        await payments.execute(() => Promise.reject(http503())).catch(() => undefined);
    };
    await failTwice();
    await clock.advanceAsync(10_000); // half-open
    await payments.execute(() => Promise.reject(http503())).catch(() => undefined); // the probe fails
    policies.setBreakerState('payments', 'closed');
    policies.setBreakerState('payments', 'forced_open');
    expect(await sample(registry, 'circuit_breaker_trips_total', { service: 'payments' })).toBe(2);
  });

  it('shows a bulkhead size changed at runtime at the next scrape', async () => {
    const { policies, registry } = setup();
    policies.reconfigure('payments', { bulkhead: { maxConcurrent: 7 } });
    expect(await sample(registry, 'bulkhead_max_concurrent', { service: 'payments' })).toBe(7);
  });

  it('counts scheduled retries and retried successes by attempt number', async () => {
    const { policies, registry } = setup();
    let calls = 0;
    await policies
      .get('payments')
      .execute(() => (++calls === 1 ? Promise.reject(http503()) : Promise.resolve(1)));
    expect(
      await sample(registry, 'http_client_retries_total', {
        service: 'payments',
        attempt: '2',
        result: 'scheduled',
      }),
    ).toBe(1);
    expect(
      await sample(registry, 'http_client_retries_total', {
        service: 'payments',
        attempt: '2',
        result: 'success',
      }),
    ).toBe(1);
  });

  it('reads bulkhead size and activity when scraped', async () => {
    const { policies, registry } = setup();
    let release!: () => void;
    const running = policies
      .get('payments')
      .execute(() => new Promise<void>((resolve) => (release = resolve)));
    expect(await sample(registry, 'bulkhead_active_count', { service: 'payments' })).toBe(1);
    expect(await sample(registry, 'bulkhead_max_concurrent', { service: 'payments' })).toBe(3);
    release();
    await running;
    expect(await sample(registry, 'bulkhead_active_count', { service: 'payments' })).toBe(0);
  });

  it('labels fallbacks with the kind of failure they answered', async () => {
    const { policies, registry } = setup();
    policies.events.emit({
      type: 'fallback_used',
      policy: 'CatalogService#products',
      error: new BrokenCircuitError('catalog', 1),
    });
    expect(
      await sample(registry, 'fallback_invocations_total', {
        service: 'CatalogService#products',
        fallback_type: 'broken_circuit',
      }),
    ).toBe(1);
  });

  it('counts each breaker store error in circuit_breaker_store_errors_total', async () => {
    const { policies, registry } = setup();
    policies.events.emit({ type: 'breaker_store_error', policy: 'payments', error: new Error('down') });
    expect(await sample(registry, 'circuit_breaker_store_errors_total', { service: 'payments' })).toBe(1);
  });

  it('stops recording and unregisters on destroy', async () => {
    const { registry, metrics } = setup();
    metrics.onModuleDestroy();
    expect(registry.getSingleMetric('circuit_breaker_state')).toBeUndefined();
  });
});
