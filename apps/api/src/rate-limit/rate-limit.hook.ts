import { Injectable } from '@nestjs/common';
import type { onRequestHookHandler } from 'fastify';
import { sendErrorResponse } from '../errors/send-error-response.js';
import { API_KEY_HEADER, RateLimitClients } from './rate-limit-clients.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';
import type { RateLimitTier } from './rate-limit-tier.js';
import { RateLimitedResponses } from './rate-limited-responses.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * Admits a request if its client's bucket holds a token, deciding locally (no Redis on the
 * request's path), as soon as it is routed: before its body is read and before any Nest
 * middleware, guard, pipe or handler. Tells the client where it stands in `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the bucket is full again). A
 * refusal answers `429 rate_limited` with Retry-After, counted and (sampled) logged.
 */
@Injectable()
export class RateLimitHook {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly clients: RateLimitClients,
    private readonly refusals: RateLimitRefusals,
    private readonly responses: RateLimitedResponses,
  ) {}

  /** The `onRequest` hook of the route `url` (its template). */
  forRoute(url: string): onRequestHookHandler {
    const { limiter, clients, refusals, responses } = this;
    return (request, reply, done) => {
      const keyed = clients.keyedClientOf(request.headers[API_KEY_HEADER]);
      const tier: RateLimitTier = keyed === undefined ? 'anonymous' : 'keyed';
      const client = keyed ?? request.ip;
      const verdict = limiter.take(tier, client);
      void reply.header('x-ratelimit-limit', String(verdict.limit));
      void reply.header('x-ratelimit-remaining', String(verdict.remaining));
      void reply.header('x-ratelimit-reset', String(verdict.resetSeconds));
      if (verdict.allowed) return done();
      refusals.record({
        tier,
        client,
        method: request.method,
        route: url,
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
      sendErrorResponse(reply, responses.of(verdict.retryAfterSeconds));
    };
  }
}
