import { BullModule } from '@nestjs/bullmq';
import { Logger, Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ResilienceModule } from '@carta/resilience';
import { RedisBreakerStore } from '@carta/resilience/redis';
import type { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CheckoutModule } from './checkout/checkout.module.js';
import { validationProblems } from './checkout/validation-problems.js';
import { ApiConfigModule } from './config/api-config.module.js';
import type { ApiConfig } from './config/api.config.js';
import { InvalidRequestError } from './errors/api-errors.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { OverloadModule } from './overload/overload.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { REDIS, RedisModule } from './redis/redis.module.js';
import { DEPENDENCY_POLICIES } from './resilience/dependency-policies.js';

/** Where the shared breakers live in Redis: one hash, window and lease set per dependency. */
const BREAKER_KEY_PREFIX = 'carta:breaker:';

// Nest's level names, as pino spells them.
const PINO_LEVELS: Record<ApiConfig['LOG_LEVEL'], string> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** The shop: every feature module, with the routes `config.ROLE` serves. */
@Module({})
export class AppModule {
  static forConfig(config: ApiConfig, env: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // One JSON line per log record; no line per request (metrics count those).
        LoggerModule.forRoot({
          pinoHttp: { level: PINO_LEVELS[config.LOG_LEVEL], autoLogging: false, quietReqLogger: true },
        }),
        ApiConfigModule.forRoot(config),
        RedisModule,
        ResilienceModule.forRootAsync({
          inject: [REDIS],
          useFactory: (redis: Redis) => ({
            // The registry is the one source of the resolved policies: the clients size their
            // pools from it. RESILIENCE_<POLICY>_<OPTION> variables are applied, and validated, here.
            // The request's deadline is set by a Fastify hook, not DeadlineInterceptor (bootstrap.ts).
            policies: DEPENDENCY_POLICIES,
            env,
            breakerStore:
              config.BREAKER_STORE === 'redis'
                ? new RedisBreakerStore(redis, {
                    keyPrefix: BREAKER_KEY_PREFIX,
                    logger: new Logger('BreakerStore'),
                  })
                : undefined,
          }),
        }),
        // BullMQ's defaults for a queue without a connection of its own; the checkout queue
        // brings its own (QueueConnection: fail fast for the producer, wait for its workers).
        BullModule.forRoot({ connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } }),
        MetricsModule.forConfig(config),
        // Rate limits per client, in per-route Fastify hooks (rate-limit/): a client over its
        // limit is told 429, its own doing, before load shedding judges the process.
        RateLimitModule.forConfig(config),
        // Load shedding by route priority, in per-route Fastify hooks (overload/).
        OverloadModule.forConfig(config),
        // Each feature module declares the routes its process role serves.
        HealthModule.forConfig(config),
        CatalogModule.forConfig(config),
        InventoryModule.forConfig(config),
        OrdersModule.forConfig(config),
        CheckoutModule.forConfig(config),
        AdminModule.forConfig(config),
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: (errors) => new InvalidRequestError(validationProblems(errors)),
          }),
        },
      ],
    };
  }
}
