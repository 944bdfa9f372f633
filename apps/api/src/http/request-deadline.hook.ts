import type { FastifyInstance, FastifyReply } from 'fastify';
import { runWithDeadline, type Clock } from '@carta/resilience/core';
import { isInvalidDeadlineError, requestDeadline, type InvalidDeadlineError } from '@carta/resilience/http';

/** How {@link addRequestDeadlines} sets each request's deadline. */
export interface RequestDeadlineHookOptions {
  /** The whole request's budget from its arrival: applies alone, and caps what a caller sends. */
  budgetMs: number;
  /** The policies' clock (deadlines are on it). */
  clock: Clock;
  /** Answers a request whose deadline header is malformed; its handler never runs. */
  onInvalid: (reply: FastifyReply, error: InvalidDeadlineError) => void;
}

/**
 * Runs every route's handler (Nest's guards, pipes and controller) inside the request's
 * deadline: the earlier of the caller's `X-Request-Deadline` and `X-Request-Timeout-Ms`, and
 * `budgetMs` from now. It is the library's `DeadlineInterceptor` as a Fastify `preHandler`
 * hook: one global interceptor puts every route on Nest's rxjs path, a few percent of the
 * api's CPU per request (docs/performance.md). `preHandler` runs once the body is read and
 * calls the route's handler synchronously from `done`, so the handler and all it awaits
 * inherit the deadline, as the policies' calls need.
 */
export function addRequestDeadlines(
  fastify: FastifyInstance,
  { budgetMs, clock, onInvalid }: RequestDeadlineHookOptions,
): void {
  fastify.addHook('preHandler', (request, reply, done) => {
    let deadlineAt: number;
    try {
      deadlineAt = requestDeadline(request.headers, { clock, budgetMs });
    } catch (error) {
      if (!isInvalidDeadlineError(error)) return done(error as Error);
      // Answered here without calling `done`: the handler is skipped.
      return onInvalid(reply, error);
    }
    runWithDeadline(deadlineAt, done);
  });
}
