import type { FastifyInstance } from 'fastify';
import type { InFlightRequests } from './in-flight-requests.js';

/**
 * Counts every request in `inFlight` from the moment it is routed (Fastify's first hook,
 * before its body is read) until its response closes: probes and refused requests too, since
 * they all take the same event loop.
 */
export function countRequestsInFlight(fastify: FastifyInstance, inFlight: InFlightRequests): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    inFlight.track(reply.raw);
    done();
  });
}
