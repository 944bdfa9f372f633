import { jest } from '@jest/globals';
import { FakeClock } from '../clock/fake-clock.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import { PolicyPipeline } from '../pipeline/policy-pipeline.js';
import { CircuitBreakerPolicy, PROBE_ESTIMATE_MS, REJECTED } from './circuit-breaker.policy.js';

const boom = Object.assign(new Error('upstream 503'), { status: 503 });

function setup(options = {}) {
  const clock = new FakeClock();
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const breaker = new CircuitBreakerPolicy('payments', options, { clock, events });
  return { clock, breaker, seen };
}

/** A pipeline of just the breaker: how it runs calls alone. */
function alone(breaker: CircuitBreakerPolicy): PolicyPipeline {
  return new PolicyPipeline(breaker.name, { breaker });
}

function fail(breaker: CircuitBreakerPolicy, error: unknown = boom): void {
  breaker.onFailure(breaker.tryAcquire(), error);
}

describe('CircuitBreakerPolicy', () => {
  it('opens after 5 consecutive failures and rejects without calling the dependency', async () => {
    const { breaker } = setup();
    for (let i = 0; i < 4; i++) fail(breaker);
    expect(breaker.state).toBe('closed');
    fail(breaker);
    expect(breaker.state).toBe('open');
    const dependency = jest.fn(async () => 'ok');
    await expect(alone(breaker).execute(dependency)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(dependency).not.toHaveBeenCalled();
  });

  it('reports when it opened and when it probes next as wall-clock (epoch) times', () => {
    const { clock, breaker, seen } = setup({ failureThreshold: 1, resetTimeoutMs: 10_000 });
    clock.stepWallClock(-5_000); // the wall clock runs 5 s behind the monotonic one
    fail(breaker);
    const { openedAt, nextProbeAt } = breaker.snapshot();
    expect(openedAt).toBe(clock.epochNow());
    expect(nextProbeAt).toBe(clock.epochNow() + 10_000);
    expect(seen.find((e) => e.type === 'state_change')).toMatchObject({ at: clock.epochNow() });
  });

  it('turns half-open on its own when the open interval ends, with no call or read needed', () => {
    const { clock, breaker, seen } = setup({ failureThreshold: 1, resetTimeoutMs: 10_000 });
    fail(breaker);
    clock.advance(10_000);
    const changes = seen
      .filter((e) => e.type === 'state_change')
      .map((e) => e.type === 'state_change' && e.to);
    expect(changes).toEqual(['open', 'half_open']);
  });

  it('never changes state when its state, retryAfterMs or snapshot is read, even past the interval', () => {
    // A clock whose timers never run: only a call may move the breaker on.
    let now = 0;
    const stalled = { now: () => now, epochNow: () => now, sleep: () => new Promise<void>(() => {}) };
    const clock = { ...stalled, setTimer: () => ({ cancel: () => {} }) };
    const events = new EventStream();
    const seen: ResilienceEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const breaker = new CircuitBreakerPolicy('payments', { failureThreshold: 1 }, { clock, events });
    fail(breaker);
    now = 60_000;
    for (let i = 0; i < 3; i++) {
      expect(breaker.state).toBe('open');
      void breaker.retryAfterMs;
      breaker.snapshot();
    }
    expect(seen.filter((e) => e.type === 'state_change')).toHaveLength(1);
    expect(breaker.tryAcquire()).not.toBe(REJECTED);
    expect(breaker.state).toBe('half_open');
  });

  describe('retryAfterMs', () => {
    it('is the rest of the open interval while open', () => {
      const { clock, breaker } = setup({ failureThreshold: 1, resetTimeoutMs: 10_000 });
      fail(breaker);
      clock.advance(4_000);
      expect(breaker.retryAfterMs).toBe(6_000);
      expect(breaker.tryAcquire()).toBe(REJECTED);
      expect(breaker.rejection().retryAfterMs).toBe(6_000);
    });

    it('is null while forced_open, which lifts only by hand', () => {
      const { breaker } = setup();
      breaker.transitionTo('forced_open');
      expect(breaker.retryAfterMs).toBeNull();
      breaker.tryAcquire();
      const rejection = breaker.rejection();
      expect(rejection.retryAfterMs).toBeNull();
      expect(rejection.message).toContain('held open by an operator');
    });

    it('is a short estimate, not another open interval, while half-open with its probe out', () => {
      const { breaker } = setup({ resetTimeoutMs: 60_000 });
      breaker.transitionTo('half_open');
      breaker.tryAcquire(); // the probe
      expect(breaker.retryAfterMs).toBe(PROBE_ESTIMATE_MS);
    });

    it('is 0 while half-open with a probe slot free', () => {
      const { breaker } = setup();
      breaker.transitionTo('half_open');
      expect(breaker.retryAfterMs).toBe(0);
    });
  });

  it('resets the consecutive count on a success', () => {
    const { breaker } = setup();
    for (let i = 0; i < 4; i++) fail(breaker);
    breaker.onSuccess(breaker.tryAcquire());
    for (let i = 0; i < 4; i++) fail(breaker);
    expect(breaker.state).toBe('closed');
  });

  it('reports when it will next admit a probe', () => {
    const { breaker, clock } = setup({ resetTimeoutMs: 10_000 });
    for (let i = 0; i < 5; i++) fail(breaker);
    clock.advance(4_000);
    const error = breaker.rejection();
    expect(error.retryAfterMs).toBe(6_000);
    expect(error.message).toContain('payments');
    expect(error.stack).toContain('BrokenCircuitError');
  });

  it('reports retryAfterMs as of each rejection, not of an earlier one', () => {
    const { breaker, clock } = setup({ resetTimeoutMs: 10_000 });
    breaker.transitionTo('open');
    expect(breaker.tryAcquire()).toBe(REJECTED);
    expect(breaker.rejection().retryAfterMs).toBe(10_000);
    clock.advance(3_000);
    expect(breaker.rejection().retryAfterMs).toBe(7_000);
    clock.advance(1_000);
    expect(breaker.tryAcquire()).toBe(REJECTED);
    expect(breaker.rejection().retryAfterMs).toBe(6_000);
  });

  it('goes half-open after the reset timeout and admits only halfOpenMaxCalls probes', () => {
    const { breaker, clock } = setup({ resetTimeoutMs: 10_000, halfOpenMaxCalls: 2 });
    for (let i = 0; i < 5; i++) fail(breaker);
    clock.advance(9_999);
    expect(breaker.tryAcquire()).toBe(REJECTED);
    clock.advance(1);
    expect(breaker.tryAcquire()).not.toBe(REJECTED);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).not.toBe(REJECTED);
    expect(breaker.tryAcquire()).toBe(REJECTED);
  });

  it('closes after successThreshold probe successes', () => {
    const { breaker, clock } = setup({ successThreshold: 2, halfOpenMaxCalls: 2 });
    for (let i = 0; i < 5; i++) fail(breaker);
    clock.advance(10_000);
    const a = breaker.tryAcquire();
    const b = breaker.tryAcquire();
    breaker.onSuccess(a);
    expect(breaker.state).toBe('half_open');
    breaker.onSuccess(b);
    expect(breaker.state).toBe('closed');
  });

  it('re-opens on one failed probe', () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 5; i++) fail(breaker);
    clock.advance(10_000);
    fail(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterMs).toBe(10_000);
  });

  it('grows the open interval on repeated failed probes, up to the cap', () => {
    const { breaker, clock } = setup({ openBackoff: { multiplier: 2, maxResetTimeoutMs: 30_000 } });
    for (let i = 0; i < 5; i++) fail(breaker);
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(breaker.retryAfterMs!);
      fail(breaker);
      intervals.push(breaker.retryAfterMs!);
    }
    expect(intervals).toEqual([20_000, 30_000, 30_000, 30_000]);
  });

  it('opens on the failure rate over a count window once minimumCalls are recorded', () => {
    const { breaker } = setup({
      failureThreshold: 100,
      failureRateThreshold: 50,
      slidingWindow: { type: 'count', size: 10, minimumCalls: 10 },
    });
    for (let i = 0; i < 9; i++) {
      if (i % 2) fail(breaker);
      else breaker.onSuccess(breaker.tryAcquire());
    }
    expect(breaker.state).toBe('closed');
    fail(breaker);
    expect(breaker.state).toBe('open');
  });

  it('evaluates the failure rate of a full count window smaller than the default minimumCalls', () => {
    const { breaker } = setup({
      failureThreshold: 100,
      failureRateThreshold: 50,
      slidingWindow: { type: 'count', size: 4 },
    });
    for (let i = 0; i < 2; i++) {
      breaker.onSuccess(breaker.tryAcquire());
      fail(breaker);
    }
    expect(breaker.state).toBe('open');
  });

  it('forgets calls older than a time window', () => {
    const { breaker, clock } = setup({
      failureThreshold: 100,
      failureRateThreshold: 50,
      slidingWindow: { type: 'time', size: 10, minimumCalls: 4 },
    });
    fail(breaker);
    fail(breaker);
    fail(breaker);
    clock.advance(11_000);
    breaker.onSuccess(breaker.tryAcquire());
    breaker.onSuccess(breaker.tryAcquire());
    breaker.onSuccess(breaker.tryAcquire());
    fail(breaker);
    expect(breaker.snapshot().windowCalls).toBe(4);
    expect(breaker.state).toBe('closed');
  });

  it('opens on the slow-call rate', () => {
    const { breaker } = setup({
      slowCallRateThreshold: 50,
      slowCallDurationMs: 1_000,
      slidingWindow: { size: 4, minimumCalls: 4 },
    });
    breaker.onSuccess(breaker.tryAcquire(), 10);
    breaker.onSuccess(breaker.tryAcquire(), 10);
    breaker.onSuccess(breaker.tryAcquire(), 1_500);
    expect(breaker.state).toBe('closed');
    breaker.onSuccess(breaker.tryAcquire(), 2_000);
    expect(breaker.state).toBe('open');
  });

  it('ignores HTTP 4xx and its own rejections, counts 5xx, 429 and network errors', () => {
    const { breaker } = setup({ failureThreshold: 1 });
    fail(breaker, Object.assign(new Error('not found'), { status: 404 }));
    fail(breaker, new BrokenCircuitError('other', 5));
    expect(breaker.state).toBe('closed');
    fail(breaker, Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    expect(breaker.state).toBe('open');
  });

  it('does not let a call admitted before it opened change the state afterwards', () => {
    const { breaker, clock } = setup({ failureThreshold: 1 });
    const early = breaker.tryAcquire();
    fail(breaker);
    clock.advance(10_000);
    const probe = breaker.tryAcquire();
    breaker.onFailure(early, boom);
    expect(breaker.state).toBe('half_open');
    breaker.onSuccess(probe);
    expect(breaker.state).toBe('closed');
  });

  it('lets an operator force it open, disable it and close it', async () => {
    const { breaker, seen } = setup();
    breaker.transitionTo('forced_open');
    expect(breaker.tryAcquire()).toBe(REJECTED);
    breaker.transitionTo('disabled');
    for (let i = 0; i < 10; i++) fail(breaker);
    expect(breaker.state).toBe('disabled');
    breaker.transitionTo('closed');
    expect(breaker.state).toBe('closed');
    const changes = seen
      .filter((e) => e.type === 'state_change')
      .map((e) => e.type === 'state_change' && e.to);
    expect(changes).toEqual(['forced_open', 'disabled', 'closed']);
  });

  it('reports state changes with reason and failure count', () => {
    const { breaker, seen } = setup();
    for (let i = 0; i < 5; i++) fail(breaker);
    expect(seen).toContainEqual(
      expect.objectContaining({
        type: 'state_change',
        from: 'closed',
        to: 'open',
        reason: 'consecutive_failures',
        failures: 5,
      }),
    );
  });

  it('counts a function that throws instead of rejecting as a failed probe', async () => {
    const { breaker } = setup();
    breaker.transitionTo('half_open');
    const outcome = alone(breaker)
      .execute(() => {
        throw boom;
      })
      .catch((e: unknown) => e);
    expect(await outcome).toBe(boom);
    expect(breaker.state).toBe('open');
  });

  it('frees a half-open probe slot when its isFailure predicate throws, and rethrows', () => {
    const predicateError = new TypeError('no response');
    const { breaker } = setup({
      isFailure: () => {
        throw predicateError;
      },
    });
    breaker.transitionTo('half_open');
    const ticket = breaker.tryAcquire();
    expect(() => breaker.onFailure(ticket, boom)).toThrow(predicateError);
    expect(breaker.tryAcquire()).not.toBe(REJECTED);
  });

  it('rejects invalid options naming the policy and option', () => {
    expect(() => new CircuitBreakerPolicy('payments', { failureThreshold: 0 })).toThrow(
      'Policy "payments": circuitBreaker.failureThreshold must be an integer >= 1',
    );
  });
});
