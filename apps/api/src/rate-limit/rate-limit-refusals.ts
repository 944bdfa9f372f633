import type { LoggerService } from '@nestjs/common';
import { apiMessages } from '../api.messages.js';
import type { RateLimitMetrics } from './rate-limit.metrics.js';
import type { RateLimitTier } from './rate-limit-tier.js';
import type { RefusalLogSampler } from './refusal-log.sampler.js';

/** One request the rate limiter refused. */
export interface RateLimitRefusal {
  tier: RateLimitTier;
  /** The client's IP address, or its API key's id (never the key). */
  client: string;
  method: string;
  /** The route's template, not the URL: bounded labels, no ids in the log. */
  route: string;
  retryAfterSeconds: number;
}

/** Counts every refused request in `http_rate_limited_total{route,tier}`, and logs a sample of them. */
export class RateLimitRefusals {
  constructor(
    private readonly metrics: RateLimitMetrics,
    private readonly sampler: RefusalLogSampler,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  record(refusal: RateLimitRefusal): void {
    this.metrics.rateLimited(refusal.route, refusal.tier);
    const unloggedBefore = this.sampler.sample(refusal.client);
    if (unloggedBefore === undefined) return;
    this.logger.warn({
      event: 'rate_limited',
      ...refusal,
      unloggedBefore,
      msg: apiMessages.clientRateLimited(),
    });
  }
}
