import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import type { RateLimitTier } from './rate-limit-tier.js';

/** Requests refused 429 by the rate limiter, by route template and tier. */
export const HTTP_RATE_LIMITED_METRIC = 'http_rate_limited_total';

/** The rate limiter's metric. */
@Injectable()
export class RateLimitMetrics implements OnModuleDestroy {
  private readonly refused = new Counter({
    name: HTTP_RATE_LIMITED_METRIC,
    help: 'Requests refused 429 rate_limited, by route template and client tier.',
    labelNames: ['route', 'tier'],
  });

  /** Counts one request of `route` (its template) refused to a client of `tier`. */
  rateLimited(route: string, tier: RateLimitTier): void {
    this.refused.inc({ route, tier });
  }

  onModuleDestroy(): void {
    register.removeSingleMetric(HTTP_RATE_LIMITED_METRIC);
  }
}
