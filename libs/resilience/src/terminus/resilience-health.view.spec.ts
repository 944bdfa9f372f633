import { FakeClock, ResiliencePolicy, type PolicyConfig } from '../core/index.js';
import { policyHealth, resilienceHealthView } from './resilience-health.view.js';

const START = Date.UTC(2026, 0, 1);
const upstream503 = () => Promise.reject(Object.assign(new Error('upstream 503'), { status: 503 }));

function policy(config: PolicyConfig, clock = new FakeClock(START)) {
  return new ResiliencePolicy('payments', config, { clock });
}

async function fail(p: ResiliencePolicy, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await p.execute(upstream503).catch(() => undefined);
}

describe('policyHealth', () => {
  it('reports a closed breaker up, with no open times and no rate before the window holds minimumCalls', () => {
    expect(policyHealth(policy({ circuitBreaker: {} }).snapshot())).toEqual({
      status: 'up',
      state: 'closed',
      failureRate: null,
      consecutiveFailures: 0,
      openSince: null,
      nextProbeAt: null,
      bulkhead: null,
    });
  });

  it('reports an open breaker down, with when it opened and when it admits a probe, in ISO 8601', async () => {
    const p = policy({ circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 30_000 } });
    await fail(p, 2);
    expect(policyHealth(p.snapshot())).toMatchObject({
      status: 'down',
      state: 'open',
      consecutiveFailures: 2,
      openSince: '2026-01-01T00:00:00.000Z',
      nextProbeAt: '2026-01-01T00:00:30.000Z',
    });
  });

  it('reports a half-open breaker down, its open-since kept and no next probe', async () => {
    const clock = new FakeClock(START);
    const p = policy({ circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 1_000 } }, clock);
    await fail(p, 1);
    await clock.advanceAsync(1_000);
    expect(policyHealth(p.snapshot())).toMatchObject({
      status: 'down',
      state: 'half_open',
      openSince: '2026-01-01T00:00:00.000Z',
      nextProbeAt: null,
    });
  });

  it.each([
    ['forced_open', 'down'],
    ['disabled', 'up'],
  ] as const)('reports a breaker an operator set %s as %s', (state, status) => {
    const p = policy({ circuitBreaker: {} });
    p.breaker!.transitionTo(state);
    expect(policyHealth(p.snapshot())).toMatchObject({ status, state });
  });

  it('gives the failure rate as a share (0-1) once the window holds minimumCalls', async () => {
    const p = policy({
      circuitBreaker: { failureThreshold: 100, failureRateThreshold: 90, slidingWindow: { minimumCalls: 4 } },
    });
    await p.execute(() => Promise.resolve('ok'));
    await fail(p, 3);
    expect(policyHealth(p.snapshot()).failureRate).toBe(0.75);
  });

  it('reports a policy without a breaker up and closed, with its bulkhead numbers', () => {
    const p = policy({ bulkhead: { maxConcurrent: 5, maxQueue: 10 } });
    expect(policyHealth(p.snapshot())).toMatchObject({
      status: 'up',
      state: 'closed',
      bulkhead: { active: 0, queued: 0, maxConcurrent: 5 },
    });
  });

  it('counts the calls a bulkhead runs and queues', () => {
    const p = policy({ bulkhead: { maxConcurrent: 1, maxQueue: 5 } });
    const hang = () => new Promise<never>(() => {});
    void p.execute(hang);
    void p.execute(hang);
    expect(policyHealth(p.snapshot()).bulkhead).toEqual({ active: 1, queued: 1, maxConcurrent: 1 });
  });
});

describe('resilienceHealthView', () => {
  it('is ok when every breaker admits calls', () => {
    const a = new ResiliencePolicy('catalog', { circuitBreaker: {} });
    const b = new ResiliencePolicy('inventory', {});
    expect(resilienceHealthView([a.snapshot(), b.snapshot()])).toMatchObject({
      status: 'ok',
      dependencies: { catalog: { status: 'up' }, inventory: { status: 'up' } },
    });
  });

  it('is degraded when any breaker keeps calls away', () => {
    const a = new ResiliencePolicy('catalog', { circuitBreaker: {} });
    const b = new ResiliencePolicy('payments', { circuitBreaker: {} });
    b.breaker!.transitionTo('open');
    expect(resilienceHealthView([a.snapshot(), b.snapshot()])).toMatchObject({
      status: 'degraded',
      dependencies: { catalog: { status: 'up' }, payments: { status: 'down', state: 'open' } },
    });
  });
});
