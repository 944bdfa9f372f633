import { FakeClock } from '@carta/resilience/core';
import fc from 'fast-check';
import type { CallRequest } from './call-request.js';
import { ServiceCircuit } from './service-circuit.js';

function setup(failureThreshold = 5, resetTimeoutMs = 10_000) {
  const clock = new FakeClock();
  const circuit = new ServiceCircuit('service-b', { failureThreshold, resetTimeoutMs, clock });
  let msgId = 0;
  const call = (fields: Partial<CallRequest> = {}) =>
    circuit.call({
      msgId: ++msgId,
      service: 'service-b',
      state: undefined,
      forceFailures: 0,
      outcome: undefined,
      ...fields,
    });
  const fail = () => call({ outcome: 'failure' });
  return { clock, call, fail };
}

describe('ServiceCircuit', () => {
  it('answers call_ok with the closed state while the dependency succeeds', () => {
    const { call } = setup();
    expect(call()).toEqual({ type: 'call_ok', in_reply_to: 1, service: 'service-b', state: 'closed' });
  });

  it('reports each failure below the threshold with the consecutive count', () => {
    const { fail } = setup();
    fail();
    expect(fail()).toEqual({
      type: 'error',
      in_reply_to: 2,
      error: 'dependency failed',
      service: 'service-b',
      failures: 2,
      state: 'closed',
    });
  });

  it('answers the failure that reaches the threshold with circuit_breaker_open', () => {
    const { fail } = setup();
    for (let i = 0; i < 4; i++) fail();
    expect(fail()).toEqual({
      type: 'circuit_breaker_open',
      in_reply_to: 5,
      service: 'service-b',
      failures: 5,
    });
  });

  it('fails fast while open', () => {
    const { fail, call } = setup();
    for (let i = 0; i < 5; i++) fail();
    expect(call({ outcome: 'success' })).toEqual({
      type: 'error',
      in_reply_to: 6,
      error: 'Circuit breaker OPEN',
      service: 'service-b',
    });
  });

  it('closes on a successful probe once the reset timeout has passed', () => {
    const { fail, call, clock } = setup();
    for (let i = 0; i < 5; i++) fail();
    clock.advance(9_999);
    expect(call()).toMatchObject({ error: 'Circuit breaker OPEN' });
    clock.advance(1);
    expect(call()).toEqual({
      type: 'circuit_breaker_closed',
      in_reply_to: 7,
      service: 'service-b',
      state: 'closed',
    });
    expect(call()).toMatchObject({ type: 'call_ok', state: 'closed' });
  });

  it('re-opens on a failed probe', () => {
    const { fail, clock } = setup();
    for (let i = 0; i < 5; i++) fail();
    clock.advance(10_000);
    expect(fail()).toMatchObject({ type: 'circuit_breaker_open', failures: 6 });
  });

  it('opens at once on force_failures equal to the threshold, reporting the count it opened at', () => {
    const { call } = setup();
    expect(call({ forceFailures: 5 })).toEqual({
      type: 'circuit_breaker_open',
      in_reply_to: 1,
      service: 'service-b',
      failures: 5,
    });
  });

  it('answers force_failures below the threshold with dependency failed, the count and state closed', () => {
    const { call } = setup();
    expect(call({ forceFailures: 3 })).toEqual({
      type: 'error',
      in_reply_to: 1,
      error: 'dependency failed',
      service: 'service-b',
      failures: 3,
      state: 'closed',
    });
  });

  it('adds forced failures to the consecutive failures already counted', () => {
    const { call, fail } = setup();
    fail();
    expect(call({ forceFailures: 2 })).toMatchObject({ type: 'error', failures: 3, state: 'closed' });
    expect(call({ forceFailures: 2 })).toMatchObject({ type: 'circuit_breaker_open', failures: 5 });
  });

  it('leaves the breaker closed, and the next call succeeding, after force_failures below the threshold', () => {
    const { call } = setup();
    call({ forceFailures: 4 });
    expect(call()).toEqual({ type: 'call_ok', in_reply_to: 2, service: 'service-b', state: 'closed' });
  });

  it('drops the forced failures left over once the breaker opens', () => {
    const { call, clock } = setup();
    expect(call({ forceFailures: 12 })).toMatchObject({ type: 'circuit_breaker_open', failures: 5 });
    clock.advance(10_000);
    // A leftover failure would have failed this probe.
    expect(call()).toMatchObject({ type: 'circuit_breaker_closed', state: 'closed' });
  });

  it('fails fast on a plain call after force_failures opened the breaker', () => {
    const { call } = setup();
    call({ forceFailures: 5 });
    expect(call()).toEqual({
      type: 'error',
      in_reply_to: 2,
      error: 'Circuit breaker OPEN',
      service: 'service-b',
    });
  });

  it('rejects force_failures at once while open, counting none of them', () => {
    const { call, fail, clock } = setup();
    call({ forceFailures: 5 });
    expect(call({ forceFailures: 3 })).toEqual({
      type: 'error',
      in_reply_to: 2,
      error: 'Circuit breaker OPEN',
      service: 'service-b',
    });
    clock.advance(10_000);
    expect(fail()).toMatchObject({ type: 'circuit_breaker_open', failures: 6 });
  });

  it('makes the first forced failure the half-open probe, which fails and re-opens the breaker', () => {
    const { call, clock } = setup();
    call({ forceFailures: 5 });
    clock.advance(10_000);
    expect(call({ forceFailures: 3 })).toEqual({
      type: 'circuit_breaker_open',
      in_reply_to: 2,
      service: 'service-b',
      failures: 6,
    });
    clock.advance(9_999);
    expect(call()).toMatchObject({ error: 'Circuit breaker OPEN' });
  });

  it('sets the state a call names before forcing its failures', () => {
    const { call } = setup();
    expect(call({ state: 'half_open', forceFailures: 3 })).toMatchObject({
      type: 'circuit_breaker_open',
      failures: 1,
    });
    expect(call({ state: 'open', forceFailures: 3 })).toMatchObject({ error: 'Circuit breaker OPEN' });
    expect(call({ state: 'closed', forceFailures: 2 })).toMatchObject({
      type: 'error',
      failures: 2,
      state: 'closed',
    });
  });

  it('opens at the threshold set, however many failures are forced beyond it', () => {
    const { call } = setup(2);
    expect(call({ forceFailures: 7 })).toMatchObject({ type: 'circuit_breaker_open', failures: 2 });
  });

  it('stops making forced failures once open, so a huge force_failures answers at once', () => {
    const { call } = setup();
    expect(call({ forceFailures: Number.MAX_SAFE_INTEGER })).toMatchObject({
      type: 'circuit_breaker_open',
      failures: 5,
    });
  });

  it('treats force_failures: 0 as a plain call', () => {
    const { call } = setup();
    expect(call({ forceFailures: 0 })).toMatchObject({ type: 'call_ok' });
  });

  it('answers circuit_breaker_open, not a half-open error, when a zero reset timeout makes it half-open at once', () => {
    const { call } = setup(2, 0);
    expect(call({ forceFailures: 2 })).toMatchObject({ type: 'circuit_breaker_open', failures: 2 });
  });

  it('opens the breaker before the call when asked for state open', () => {
    const { call, clock } = setup();
    expect(call({ state: 'open', outcome: 'success' })).toMatchObject({ error: 'Circuit breaker OPEN' });
    clock.advance(10_000);
    expect(call()).toMatchObject({ type: 'circuit_breaker_closed' });
  });

  it('probes at once when asked for state half_open', () => {
    const { call } = setup();
    expect(call({ state: 'half_open' })).toMatchObject({ type: 'circuit_breaker_closed' });
  });

  it('admits calls again at once when asked for state closed', () => {
    const { fail, call } = setup();
    for (let i = 0; i < 5; i++) fail();
    expect(call({ state: 'closed' })).toEqual({
      type: 'call_ok',
      in_reply_to: 6,
      service: 'service-b',
      state: 'closed',
    });
  });

  it('opens exactly when the consecutive-failure count reaches the threshold (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (threshold, outcomes) => {
          const { call } = setup(threshold);
          let consecutive = 0;
          let open = false;
          for (const succeeds of outcomes) {
            const reply = call({ outcome: succeeds ? 'success' : 'failure' });
            if (open) {
              expect(reply.error).toBe('Circuit breaker OPEN');
              continue;
            }
            consecutive = succeeds ? 0 : consecutive + 1;
            open = consecutive >= threshold;
            expect(reply.type).toBe(open ? 'circuit_breaker_open' : succeeds ? 'call_ok' : 'error');
          }
        },
      ),
    );
  });

  it('counts force_failures: N as N failures, capped where the breaker opens (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        // 0 stands for a successful call, N > 0 for a message forcing N failures.
        fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 40 }),
        (threshold, messages) => {
          const { call } = setup(threshold);
          let consecutive = 0;
          for (const forced of messages) {
            const reply = call({ forceFailures: forced });
            if (consecutive >= threshold) {
              expect(reply).toMatchObject({ error: 'Circuit breaker OPEN' });
              continue;
            }
            consecutive = forced === 0 ? 0 : Math.min(consecutive + forced, threshold);
            if (forced === 0) expect(reply).toMatchObject({ type: 'call_ok' });
            else if (consecutive === threshold)
              expect(reply).toMatchObject({ type: 'circuit_breaker_open', failures: threshold });
            else expect(reply).toMatchObject({ type: 'error', failures: consecutive, state: 'closed' });
          }
        },
      ),
    );
  });
});
