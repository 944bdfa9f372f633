import { currentDeadline, FakeClock } from '@carta/resilience/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { addRequestDeadlines } from './request-deadline.hook.js';

// A real Fastify server over real HTTP: what the handler sees is what Nest's would.
describe('addRequestDeadlines', () => {
  let fastify: FastifyInstance;
  let clock: FakeClock;
  let base: string;
  const seen: (number | undefined)[] = [];

  beforeEach(async () => {
    clock = new FakeClock();
    seen.length = 0;
    fastify = Fastify();
    addRequestDeadlines(fastify, {
      budgetMs: 3_000,
      clock,
      onInvalid: (reply, error) =>
        void reply.code(400).send({ error: 'invalid_deadline', message: error.message }),
    });
    // Awaits before reading it, as a controller's call to a dependency does.
    const handler = async (): Promise<{ ok: true }> => {
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(currentDeadline());
      return { ok: true };
    };
    fastify.get('/work', handler);
    fastify.post('/work', handler);
    base = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  const inject = async ({
    method,
    url,
    headers,
    payload,
  }: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: string;
  }): Promise<{ statusCode: number; json: () => { error?: string; message: string } }> => {
    const response = await fetch(`${base}${url}`, { method, headers, body: payload });
    const body = (await response.json()) as { error?: string; message: string };
    return { statusCode: response.status, json: () => body };
  };

  afterEach(() => fastify.close());

  it('runs the handler, and what it awaits, in the budget from arrival when the caller sends no deadline', async () => {
    const answer = await inject({ method: 'GET', url: '/work' });
    expect(answer.statusCode).toBe(200);
    expect(seen).toEqual([clock.now() + 3_000]);
  });

  it("takes the caller's X-Request-Timeout-Ms or X-Request-Deadline when earlier, and caps a later one at the budget", async () => {
    await inject({ method: 'GET', url: '/work', headers: { 'x-request-timeout-ms': '1200' } });
    await inject({
      method: 'GET',
      url: '/work',
      headers: { 'x-request-deadline': String(clock.epochNow() + 700) },
    });
    await inject({ method: 'GET', url: '/work', headers: { 'x-request-timeout-ms': '60000' } });
    expect(seen).toEqual([clock.now() + 1_200, clock.now() + 700, clock.now() + 3_000]);
  });

  it('keeps the deadline for a handler that runs after its body was read', async () => {
    const answer = await inject({
      method: 'POST',
      url: '/work',
      headers: { 'content-type': 'application/json', 'x-request-timeout-ms': '900' },
      payload: JSON.stringify({ items: Array.from({ length: 2_000 }, (_, i) => i) }),
    });
    expect(answer.statusCode).toBe(200);
    expect(seen).toEqual([clock.now() + 900]);
  });

  it('answers a malformed deadline header through onInvalid and never runs the handler', async () => {
    const answer = await inject({
      method: 'GET',
      url: '/work',
      headers: { 'x-request-timeout-ms': 'soon' },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_deadline' });
    expect(answer.json().message).toContain('x-request-timeout-ms');
    expect(seen).toEqual([]);
  });

  it('leaves no deadline behind once the request is answered', async () => {
    await inject({ method: 'GET', url: '/work', headers: { 'x-request-timeout-ms': '500' } });
    expect(currentDeadline()).toBeUndefined();
  });
});
