import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { messages } from '../upstreams.messages.js';
import type { DependencyFaults } from './dependency-faults.js';
import { dropResponse } from './drop-response.js';

/**
 * Injects a dependency's faults into every request to its listener, routes and 404s alike,
 * so no controller knows about them. Callback-style hooks that call `done` at once when no
 * fault applies keep the healthy path free of timers and promises.
 */
export function installFaultHooks(fastify: FastifyInstance, faults: DependencyFaults): void {
  // Failed on purpose: counted as such, and answered even in "reset" mode (nothing ran).
  const injected = new WeakSet<FastifyRequest>();

  const admit = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!faults.nextFails()) return done();
    injected.add(request);
    // Answering from the hook without calling `done` skips the handler: no charge is made.
    void reply.code(503).send({ error: 'injected_failure', message: messages.injectedFailure(faults.name) });
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    faults.stats.arrived();
    // Never calling `done` leaves the request unanswered until the mode changes.
    if (faults.settings.mode === 'hang') return faults.hold(request.raw.socket);
    const delayMs = faults.nextDelayMs();
    if (delayMs === 0) admit(request, reply, done);
    else setTimeout(admit, delayMs, request, reply, done);
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (injected.has(request) || !faults.nextResets()) return done(null, payload);
    faults.stats.record('reset');
    // The handler has run; the response dies with the connection, so `done` is never called.
    dropResponse(request.raw.socket, reply.statusCode);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    if (injected.has(request)) faults.stats.record('injected_failure');
    else faults.stats.answered(reply.statusCode);
    done();
  });
}
