import { FakeClock } from '@carta/resilience/core';
import fc from 'fast-check';
import type { CallRequest } from './call-request.js';
import { ServiceCircuit } from './service-circuit.js';

function setup(failureThreshold = 5) {
  const clock = new FakeClock();
  const circuit = new ServiceCircuit('service-b', { failureThreshold, resetTimeoutMs: 10_000, clock });
  let msgId = 0;
  const call = (fields: Partial<CallRequest> = {}) =>
    circuit.call({
      msgId: ++msgId,
      service: 'service-b',
      state: undefined,
      forceFailures: undefined,
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

  it('fails the next N dependency calls after force_failures: N, counting the call that sets it', () => {
    const { call } = setup();
    expect(call({ forceFailures: 2 })).toMatchObject({ type: 'error', failures: 1 });
    expect(call()).toMatchObject({ type: 'error', failures: 2 });
    expect(call()).toMatchObject({ type: 'call_ok' });
  });

  it('does not use up forced failures on calls rejected while open', () => {
    const { call, clock } = setup(1);
    expect(call({ forceFailures: 3 })).toMatchObject({ type: 'circuit_breaker_open' });
    for (let i = 0; i < 3; i++) expect(call()).toMatchObject({ error: 'Circuit breaker OPEN' });
    const probes = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000);
      probes.push(call().type);
    }
    expect(probes).toEqual(['circuit_breaker_open', 'circuit_breaker_open', 'circuit_breaker_closed']);
  });

  it('lets force_success win over pending forced failures for that call', () => {
    const { call } = setup();
    call({ forceFailures: 5 });
    expect(call({ outcome: 'success' })).toMatchObject({ type: 'call_ok' });
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
});
