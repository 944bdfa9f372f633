import { FakeClock } from '../clock/fake-clock.js';
import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';
import type { CircuitBreakerOptions } from './circuit-breaker.options.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';

const boom = Object.assign(new Error('upstream 503'), { status: 503 });
const notFound = Object.assign(new Error('upstream 404'), { status: 404 });

function setup(options: CircuitBreakerOptions = {}) {
  const clock = new FakeClock();
  return { clock, breaker: new CircuitBreakerPolicy('payments', options, { clock }) };
}

function fail(breaker: CircuitBreakerPolicy, times = 1, error: unknown = boom): void {
  for (let i = 0; i < times; i++) breaker.onFailure(breaker.tryAcquire(), error);
}

function succeed(breaker: CircuitBreakerPolicy, times = 1): void {
  for (let i = 0; i < times; i++) breaker.onSuccess(breaker.tryAcquire());
}

describe('CircuitBreakerPolicy.reconfigure', () => {
  it('keeps the consecutive failures counted so far', () => {
    const { breaker } = setup({ failureThreshold: 5 });
    fail(breaker, 3);
    breaker.reconfigure({ failureThreshold: 10 });
    expect([breaker.failureThreshold, breaker.consecutiveFailures]).toEqual([10, 3]);
  });

  it('does not trip when the threshold drops below the failures counted, but opens on the next one', () => {
    const { breaker } = setup({ failureThreshold: 5 });
    fail(breaker, 3);
    breaker.reconfigure({ failureThreshold: 2 });
    expect(breaker.state).toBe('closed');
    fail(breaker);
    expect(breaker.state).toBe('open');
  });

  it('keeps an open breaker open until its interval, as it started, ends', () => {
    const { breaker, clock } = setup({ failureThreshold: 1, resetTimeoutMs: 10_000 });
    fail(breaker);
    breaker.reconfigure({ resetTimeoutMs: 60_000 });
    clock.advance(10_000);
    expect(breaker.state).toBe('half_open');
  });

  it('opens for the new interval next time', () => {
    const { breaker, clock } = setup({ failureThreshold: 1, resetTimeoutMs: 10_000 });
    breaker.reconfigure({ resetTimeoutMs: 60_000 });
    fail(breaker);
    clock.advance(59_999);
    expect(breaker.retryAfterMs).toBe(1);
  });

  it('keeps a half-open breaker half-open, admitting probes up to the new limit', () => {
    const { breaker, clock } = setup({ failureThreshold: 1, resetTimeoutMs: 1_000 });
    fail(breaker);
    clock.advance(1_000);
    breaker.tryAcquire();
    breaker.reconfigure({ halfOpenMaxCalls: 2 });
    expect([breaker.state, breaker.tryAcquire() >= 0, breaker.tryAcquire() >= 0]).toEqual([
      'half_open',
      true,
      false,
    ]);
  });

  it('keeps the window and its counts when the window stays the same', () => {
    const { breaker } = setup({
      failureRateThreshold: 90,
      slidingWindow: { type: 'count', size: 10, minimumCalls: 4 },
    });
    fail(breaker);
    succeed(breaker, 3);
    breaker.reconfigure({ failureRateThreshold: 50, slidingWindow: { minimumCalls: 5 } });
    expect(breaker.snapshot()).toMatchObject({ windowCalls: 4, failureRate: null });
  });

  it('opens on the next counted call once the rate passes a lowered rate threshold, never by itself', () => {
    const { breaker } = setup({
      failureRateThreshold: 90,
      slidingWindow: { type: 'count', size: 10, minimumCalls: 4 },
    });
    fail(breaker);
    succeed(breaker);
    fail(breaker);
    succeed(breaker);
    breaker.reconfigure({ failureRateThreshold: 50 });
    expect(breaker.state).toBe('closed');
    fail(breaker);
    expect(breaker.state).toBe('open');
  });

  it('starts an empty window when the window type or size changes', () => {
    const { breaker } = setup({ failureRateThreshold: 50, slidingWindow: { size: 10, minimumCalls: 1 } });
    succeed(breaker, 3);
    breaker.reconfigure({ slidingWindow: { size: 20 } });
    expect(breaker.snapshot().windowCalls).toBe(0);
  });

  it('starts a window when a rate threshold is set where none was', () => {
    const { breaker } = setup({ slidingWindow: { minimumCalls: 2 } });
    breaker.reconfigure({ failureRateThreshold: 50 });
    fail(breaker);
    succeed(breaker);
    expect(breaker.snapshot()).toMatchObject({ windowCalls: 2, failureRate: 50 });
  });

  it('drops the window when both rate thresholds are unset with null', () => {
    const { breaker } = setup({ failureRateThreshold: 50, slidingWindow: { minimumCalls: 1 } });
    breaker.reconfigure({ failureRateThreshold: null });
    fail(breaker, 2);
    expect([breaker.failureRateThreshold, breaker.snapshot().windowCalls, breaker.state]).toEqual([
      undefined,
      0,
      'closed',
    ]);
  });

  it('counts errors by a new isFailure predicate', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    breaker.reconfigure({ isFailure: () => true });
    fail(breaker, 1, notFound);
    expect(breaker.state).toBe('open');
  });

  it('restores a default with null', () => {
    const { breaker } = setup({ failureThreshold: 2 });
    breaker.reconfigure({ failureThreshold: null });
    expect(breaker.failureThreshold).toBe(5);
  });

  it('grows the open interval once openBackoff is set', () => {
    const { breaker, clock } = setup({ failureThreshold: 1, resetTimeoutMs: 1_000 });
    breaker.reconfigure({ openBackoff: { multiplier: 3 } });
    fail(breaker);
    clock.advance(1_000);
    fail(breaker);
    expect(breaker.retryAfterMs).toBe(3_000);
  });

  it('reads the new values back through its getters', () => {
    const { breaker } = setup();
    const isFailure = (): boolean => true;
    breaker.reconfigure({
      failureThreshold: 2,
      resetTimeoutMs: 500,
      halfOpenMaxCalls: 3,
      successThreshold: 2,
      failureRateThreshold: 40,
      slowCallRateThreshold: 60,
      slowCallDurationMs: 800,
      slidingWindow: { minimumCalls: 7 },
      isFailure,
    });
    expect({
      failureThreshold: breaker.failureThreshold,
      resetTimeoutMs: breaker.resetTimeoutMs,
      halfOpenMaxCalls: breaker.halfOpenMaxCalls,
      successThreshold: breaker.successThreshold,
      failureRateThreshold: breaker.failureRateThreshold,
      slowCallRateThreshold: breaker.slowCallRateThreshold,
      slowCallDurationMs: breaker.slowCallDurationMs,
      minimumCalls: breaker.minimumCalls,
      isFailure: breaker.isFailure,
    }).toEqual({
      failureThreshold: 2,
      resetTimeoutMs: 500,
      halfOpenMaxCalls: 3,
      successThreshold: 2,
      failureRateThreshold: 40,
      slowCallRateThreshold: 60,
      slowCallDurationMs: 800,
      minimumCalls: 7,
      isFailure,
    });
  });

  it('reports the settings in effect, defaults applied', () => {
    const { breaker } = setup({ failureThreshold: 2 });
    breaker.reconfigure({ slidingWindow: { type: 'count', size: 5 } });
    expect(breaker.effectiveSettings).toEqual({
      failureThreshold: 2,
      resetTimeoutMs: 10_000,
      halfOpenMaxCalls: 1,
      successThreshold: 1,
      failureRateThreshold: null,
      slowCallRateThreshold: null,
      slowCallDurationMs: 60_000,
      slidingWindow: { type: 'count', size: 5, minimumCalls: 5 },
      openBackoff: null,
    });
  });

  it('rejects an invalid value like the constructor does, naming policy and option', () => {
    const { breaker } = setup();
    expect(() => breaker.reconfigure({ slidingWindow: { size: 0 } })).toThrow(
      new InvalidPolicyConfigError(
        'payments',
        'circuitBreaker.slidingWindow.size',
        'must be an integer >= 1, got 0',
      ),
    );
  });

  it('changes nothing when one option of the patch is invalid', () => {
    const { breaker } = setup({ failureThreshold: 5 });
    const before = breaker.effectiveSettings;
    expect(() => breaker.reconfigure({ failureThreshold: 2, failureRateThreshold: 101 })).toThrow(
      InvalidPolicyConfigError,
    );
    expect(breaker.effectiveSettings).toBe(before);
  });

  it('applies nothing until the prepared change is applied', () => {
    const { breaker } = setup({ failureThreshold: 5 });
    const apply = breaker.prepareReconfigure({ failureThreshold: 1 });
    fail(breaker);
    expect(breaker.state).toBe('closed');
    apply();
    fail(breaker);
    expect(breaker.state).toBe('open');
  });
});
