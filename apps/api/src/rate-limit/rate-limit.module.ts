import {
  Inject,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { systemClock } from '@carta/resilience/core';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { servesShop } from '../config/process-role.js';
import { REDIS } from '../redis/redis.module.js';
import { MemorySharedBucketStore } from './memory-shared-bucket.store.js';
import { RateLimitClients } from './rate-limit-clients.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitMetrics } from './rate-limit.metrics.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';
import { tierLimitsOf } from './rate-limit.settings.js';
import { RateLimitSync } from './rate-limit.sync.js';
import { RateLimitedErrors } from './rate-limited-errors.js';
import { RateLimiter } from './rate-limiter.js';
import { RedisSharedBucketStore } from './redis-shared-bucket.store.js';
import { RefusalLogSampler } from './refusal-log.sampler.js';
import { SHARED_BUCKET_STORE, type SharedBucketStore } from './shared-bucket.store.js';
import { SkipRateLimitAccessor } from './skip-rate-limit.accessor.js';

// A client's refusals are logged once per this; at most this many lines in it across clients.
const REFUSAL_LOG_INTERVAL_MS = 10_000;
const REFUSAL_LOG_LINES_PER_INTERVAL = 20;

/**
 * Rate limits per client (docs/api.md, "Rate limits"): a global guard deciding from local
 * buckets, a sync that shares them through the store every RATE_LIMIT_SYNC_MS, the metric and
 * the sampled log. Present where the process serves the shop and RATE_LIMIT_ENABLED is set.
 */
@Module({})
export class RateLimitModule implements OnApplicationBootstrap, OnModuleDestroy {
  // Absent where nothing is limited.
  constructor(@Optional() @Inject(RateLimitSync) private readonly sync?: RateLimitSync) {}

  /** The limiter for `config`, or an empty module where nothing is limited. */
  static forConfig(config: ApiConfig): DynamicModule {
    if (!config.RATE_LIMIT_ENABLED || !servesShop(config)) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: RateLimiter,
          useFactory: () => new RateLimiter({ tiers: tierLimitsOf(config), clock: systemClock }),
        },
        {
          provide: SHARED_BUCKET_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis): SharedBucketStore =>
            config.RATE_LIMIT_STORE === 'redis'
              ? new RedisSharedBucketStore(redis)
              : new MemorySharedBucketStore({ clock: systemClock }),
        },
        {
          provide: RateLimitSync,
          inject: [RateLimiter, SHARED_BUCKET_STORE],
          useFactory: (limiter: RateLimiter, store: SharedBucketStore) =>
            new RateLimitSync({
              limiter,
              store,
              clock: systemClock,
              intervalMs: config.RATE_LIMIT_SYNC_MS,
              logger: new Logger('RateLimit'),
            }),
        },
        { provide: RateLimitClients, useValue: new RateLimitClients(config.RATE_LIMIT_API_KEYS) },
        { provide: RateLimitedErrors, useValue: new RateLimitedErrors() },
        RateLimitMetrics,
        {
          provide: RateLimitRefusals,
          inject: [RateLimitMetrics],
          useFactory: (metrics: RateLimitMetrics) =>
            new RateLimitRefusals(
              metrics,
              new RefusalLogSampler({
                clock: systemClock,
                intervalMs: REFUSAL_LOG_INTERVAL_MS,
                maxLinesPerInterval: REFUSAL_LOG_LINES_PER_INTERVAL,
              }),
              new Logger('RateLimit'),
            ),
        },
        SkipRateLimitAccessor,
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.sync?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sync?.stop();
  }
}
