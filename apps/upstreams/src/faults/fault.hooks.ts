import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { systemClock, type Clock } from '@carta/resilience/core';
import { deadlineFromHeaders, isInvalidDeadlineError } from '@carta/resilience/http';
import { messages } from '../upstreams.messages.js';
import type { DependencyFaults } from './dependency-faults.js';
import { dropResponse } from './drop-response.js';
import type { Outcome } from './outcome-stats.js';

/** How {@link installFaultHooks} reads callers' deadlines. */
export interface FaultHooksOptions {
  /** The clock deadlines are checked on. @default systemClock */
  clock?: Clock;
}

/** An answer a hook gives instead of the handler. */
interface Refusal {
  status: number;
  outcome: Outcome;
  error: string;
  message: string;
}

/**
 * Injects a dependency's faults into every request to its listener, routes and 404s alike,
 * so no controller knows about them, and honours the caller's deadline
 * (`X-Request-Deadline`, `X-Request-Timeout-Ms`): a request whose budget ran out, on arrival
 * or during the injected latency, is answered 504 without doing the work. Callback-style
 * hooks that call `done` at once when no fault applies keep the healthy path free of timers
 * and promises.
 */
export function installFaultHooks(
  fastify: FastifyInstance,
  faults: DependencyFaults,
  options: FaultHooksOptions = {},
): void {
  const clock = options.clock ?? systemClock;
  const deadlineReading = { clock };
  // Answered by a hook, not the handler: answered even in "reset" mode (nothing ran).
  const refused = new WeakSet<FastifyRequest>();

  // Answering from a hook without calling `done` skips the handler: no charge is made. Counted
  // now, not on response: a caller that gave up at its deadline gets no response to count.
  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: Refusal): void => {
    refused.add(request);
    faults.stats.record(refusal.outcome);
    void reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
  };
  const expire = (request: FastifyRequest, reply: FastifyReply): void =>
    refuse(request, reply, {
      status: 504,
      outcome: 'expired',
      error: 'deadline_exceeded',
      message: messages.deadlineExceeded(faults.name),
    });
  const hasExpired = (deadlineAt: number | undefined): boolean =>
    deadlineAt !== undefined && deadlineAt <= clock.now();

  const admit = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
    deadlineAt: number | undefined,
  ): void => {
    // Again after the latency, just before the work: the budget may have run out meanwhile.
    if (hasExpired(deadlineAt)) return expire(request, reply);
    if (!faults.nextFails()) return done();
    refuse(request, reply, {
      status: 503,
      outcome: 'injected_failure',
      error: 'injected_failure',
      message: messages.injectedFailure(faults.name),
    });
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    faults.stats.arrived(request.headers);
    // Never calling `done` leaves the request unanswered until the mode changes.
    if (faults.settings.mode === 'hang') return faults.hold(request.raw.socket);
    let deadlineAt: number | undefined;
    try {
      deadlineAt = deadlineFromHeaders(request.headers, deadlineReading);
    } catch (error) {
      if (!isInvalidDeadlineError(error)) return done(error as Error);
      return refuse(request, reply, {
        status: 400,
        outcome: 'client_error',
        error: 'invalid_deadline',
        message: error.message,
      });
    }
    if (hasExpired(deadlineAt)) return expire(request, reply);
    const delayMs = faults.nextDelayMs();
    if (delayMs === 0) admit(request, reply, done, deadlineAt);
    else setTimeout(admit, delayMs, request, reply, done, deadlineAt);
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (refused.has(request) || !faults.nextResets()) return done(null, payload);
    faults.stats.record('reset');
    // The handler has run; the response dies with the connection, so `done` is never called.
    dropResponse(request.raw.socket, reply.statusCode);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    if (!refused.has(request)) faults.stats.answered(reply.statusCode);
    done();
  });
}
