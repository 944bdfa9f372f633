import { FakeClock } from '@carta/resilience/core';
import { BreakerNode } from './breaker-node.js';

function setup() {
  const clock = new FakeClock();
  const node = new BreakerNode({ failureThreshold: 5, resetTimeoutMs: 10_000, clock });
  const send = (body: Record<string, unknown>, dest = 'service-b') =>
    JSON.parse(node.handleLine(JSON.stringify({ src: 'service-a', dest, body })));
  return { clock, node, send };
}

describe('BreakerNode', () => {
  it('answers init with init_ok', () => {
    const { node } = setup();
    const reply = node.handle({
      src: 'c0',
      dest: 'n1',
      body: { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] },
    });
    expect(reply).toEqual({ src: 'n1', dest: 'c0', body: { type: 'init_ok', in_reply_to: 1 } });
  });

  it('answers a call with src and dest swapped', () => {
    const { send } = setup();
    expect(send({ type: 'call', msg_id: 1 })).toEqual({
      src: 'service-b',
      dest: 'service-a',
      body: { type: 'call_ok', in_reply_to: 1, service: 'service-b', state: 'closed' },
    });
  });

  it('keeps one breaker per service, named by body.service or else dest', () => {
    const { send } = setup();
    for (let i = 0; i < 5; i++) send({ type: 'call', force_failure: true, service: 'payments' }, 'gateway');
    expect(send({ type: 'call', service: 'payments' }, 'gateway').body).toMatchObject({
      error: 'Circuit breaker OPEN',
    });
    expect(send({ type: 'call' }, 'gateway').body).toMatchObject({ type: 'call_ok', service: 'gateway' });
    expect(send({ type: 'call' }, 'payments').body).toMatchObject({ error: 'Circuit breaker OPEN' });
  });

  it('answers a line that is not JSON with code 12, signed by the node_id from init', () => {
    const { node } = setup();
    node.handle({ src: 'c0', dest: 'n1', body: { type: 'init', msg_id: 1, node_id: 'n1', node_ids: [] } });
    const reply = JSON.parse(node.handleLine('{"src":'));
    expect(reply).toEqual({
      src: 'n1',
      dest: null,
      body: {
        type: 'error',
        code: 12,
        text: expect.stringContaining('not valid JSON'),
        error: 'malformed-request',
      },
    });
  });

  it('signs error replies to envelope-less lines as breaker-node before init', () => {
    const { node } = setup();
    expect(JSON.parse(node.handleLine('[1,2]'))).toMatchObject({
      src: 'breaker-node',
      dest: null,
      body: { code: 12 },
    });
  });

  it('answers a malformed call with code 12, in reply to its msg_id', () => {
    const { send } = setup();
    expect(send({ type: 'call', msg_id: 4, force_failures: 'many' }).body).toEqual({
      type: 'error',
      in_reply_to: 4,
      code: 12,
      text: 'body.force_failures must be an integer >= 0',
      error: 'malformed-request',
    });
  });

  it('answers a message without a string type with code 12', () => {
    const { send } = setup();
    expect(send({ msg_id: 3 }).body).toMatchObject({
      in_reply_to: 3,
      code: 12,
      text: 'body.type must be a string',
    });
  });

  it('answers an init without node_id with code 12', () => {
    const { send } = setup();
    expect(send({ type: 'init', msg_id: 1 }).body).toMatchObject({
      code: 12,
      text: 'body.node_id must be a string',
    });
  });

  it('answers an unknown message type with code 10', () => {
    const { send } = setup();
    expect(send({ type: 'echo', msg_id: 2 }).body).toEqual({
      type: 'error',
      in_reply_to: 2,
      code: 10,
      text: 'message type "echo" is not supported',
      error: 'not-supported',
    });
  });

  it('keeps answering after a malformed line', () => {
    const { node, send } = setup();
    node.handleLine('nonsense');
    expect(send({ type: 'call', msg_id: 9 }).body).toMatchObject({ type: 'call_ok', in_reply_to: 9 });
  });

  it('opens a service breaker with one force_failures: 5 call and fails the next plain call fast', () => {
    const { send } = setup();
    expect(send({ type: 'call', msg_id: 1, force_failures: 5 }).body).toEqual({
      type: 'circuit_breaker_open',
      in_reply_to: 1,
      service: 'service-b',
      failures: 5,
    });
    expect(send({ type: 'call', msg_id: 2 }).body).toEqual({
      type: 'error',
      in_reply_to: 2,
      error: 'Circuit breaker OPEN',
      service: 'service-b',
    });
  });

  it('leaves other services closed when force_failures opens one', () => {
    const { send } = setup();
    send({ type: 'call', force_failures: 5 });
    expect(send({ type: 'call' }, 'service-c').body).toMatchObject({ type: 'call_ok', service: 'service-c' });
    expect(send({ type: 'call', service: 'payments' }).body).toMatchObject({
      type: 'call_ok',
      service: 'payments',
    });
  });

  it('closes a service breaker with a probe after the reset timeout', () => {
    const { send, clock } = setup();
    send({ type: 'call', force_failures: 5 });
    clock.advance(10_000);
    expect(send({ type: 'call', msg_id: 3 }).body).toEqual({
      type: 'circuit_breaker_closed',
      in_reply_to: 3,
      service: 'service-b',
      state: 'closed',
    });
  });
});
