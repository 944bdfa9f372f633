import type { FastifyInstance } from 'fastify';

const started = new WeakMap<object, number>();

/**
 * Adds `Server-Timing: app;dur=<ms>` to every answer: the time spent in the api, from the
 * request's arrival to its answer, as browsers' dev tools and load tests read it. It tells a
 * slow dependency from a slow network, and proves a fast rejection from the server's side.
 */
export function addServerTiming(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    started.set(request.raw, performance.now());
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const start = started.get(request.raw);
    if (start !== undefined) void reply.header('server-timing', `app;dur=${(performance.now() - start).toFixed(1)}`);
    done(null, payload);
  });
}
