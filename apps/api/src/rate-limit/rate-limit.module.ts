import {
  Inject,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type NestModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { systemClock } from '@carta/resilience/core';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { servesShop } from '../config/process-role.js';
import { addRouteOnRequestHooks } from '../http/route-on-request.hook.js';
import { REDIS } from '../redis/redis.module.js';
import { MemorySharedBucketStore } from './memory-shared-bucket.store.js';
import { RateLimitClients } from './rate-limit-clients.js';
import { RateLimitHook } from './rate-limit.hook.js';
import { RateLimitMetrics } from './rate-limit.metrics.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';
import { tierLimitsOf } from './rate-limit.settings.js';
import { RateLimitSync } from './rate-limit.sync.js';
import { RateLimitedResponses } from './rate-limited-responses.js';
import { RateLimiter } from './rate-limiter.js';
import { RedisSharedBucketStore } from './redis-shared-bucket.store.js';
import { RefusalLogSampler } from './refusal-log.sampler.js';
import { SHARED_BUCKET_STORE, type SharedBucketStore } from './shared-bucket.store.js';
import { SkipRateLimitAccessor } from './skip-rate-limit.accessor.js';
import { SkipRateLimitExplorer } from './skip-rate-limit.explorer.js';

// A client's refusals are logged once per this; at most this many lines in it across clients.
const REFUSAL_LOG_INTERVAL_MS = 10_000;
const REFUSAL_LOG_LINES_PER_INTERVAL = 20;

/**
 * Rate limits per client (docs/api.md, "Rate limits"): a hook on every limited route deciding
 * from local buckets, a sync that shares them through the store every RATE_LIMIT_SYNC_MS, the
 * metric and the sampled log. Present where the process serves the shop and RATE_LIMIT_ENABLED
 * is set.
 */
@Module({})
export class RateLimitModule implements NestModule, OnApplicationBootstrap, OnModuleDestroy {
  // All absent where nothing is limited.
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(RateLimitSync) private readonly sync?: RateLimitSync,
    @Optional() @Inject(RateLimitHook) private readonly hook?: RateLimitHook,
    @Optional() @Inject(SkipRateLimitExplorer) private readonly explorer?: SkipRateLimitExplorer,
  ) {}

  /** The limiter for `config`, or an empty module where nothing is limited. */
  static forConfig(config: ApiConfig): DynamicModule {
    if (!config.RATE_LIMIT_ENABLED || !servesShop(config)) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [DiscoveryModule],
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
        {
          provide: RateLimitedResponses,
          useValue: new RateLimitedResponses({ bodyLimit: config.BODY_LIMIT_BYTES }),
        },
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
        RateLimitHook,
        SkipRateLimitAccessor,
        SkipRateLimitExplorer,
      ],
    };
  }

  // Before Nest registers the routes: each limited route gets its hook as it is registered.
  configure(): void {
    if (this.hook === undefined || this.explorer === undefined) return;
    const hook = this.hook;
    this.explorer.markRoutes();
    // 'first': a client over its limit is told 429, its own doing, before load shedding
    // judges the process.
    addRouteOnRequestHooks(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), {
      place: 'first',
      hookFor: (route) => (route.config?.rateLimited === true ? hook.forRoute(route.url) : undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.sync?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sync?.stop();
  }
}
