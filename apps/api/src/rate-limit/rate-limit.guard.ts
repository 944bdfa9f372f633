import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_KEY_HEADER, RateLimitClients } from './rate-limit-clients.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';
import type { RateLimitTier } from './rate-limit-tier.js';
import { RateLimitedErrors } from './rate-limited-errors.js';
import { RateLimiter } from './rate-limiter.js';
import { SkipRateLimitAccessor } from './skip-rate-limit.accessor.js';

/**
 * Admits a request if its client's bucket holds a token, deciding locally (no Redis on the
 * request's path), and tells the client where it stands in `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the bucket is full again).
 * A refusal answers `429 rate_limited` with Retry-After through the exception filter, counted
 * and (sampled) logged. Routes marked {@link SkipRateLimit} pass untouched.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly clients: RateLimitClients,
    private readonly exemptions: SkipRateLimitAccessor,
    private readonly refusals: RateLimitRefusals,
    private readonly errors: RateLimitedErrors,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || this.exemptions.isExempt(context.getHandler(), context.getClass()))
      return true;
    // By index, not through switchToHttp(), which builds an object per call.
    const request = context.getArgByIndex<FastifyRequest>(0);
    const reply = context.getArgByIndex<FastifyReply>(1);
    const keyed = this.clients.keyedClientOf(request.headers[API_KEY_HEADER]);
    const tier: RateLimitTier = keyed === undefined ? 'anonymous' : 'keyed';
    const client = keyed ?? request.ip;
    const verdict = this.limiter.take(tier, client);
    void reply.header('x-ratelimit-limit', String(verdict.limit));
    void reply.header('x-ratelimit-remaining', String(verdict.remaining));
    void reply.header('x-ratelimit-reset', String(verdict.resetSeconds));
    if (verdict.allowed) return true;
    this.refusals.record({
      tier,
      client,
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
    throw this.errors.of(verdict.retryAfterSeconds);
  }
}
