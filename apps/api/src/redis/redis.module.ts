import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ApiConfig } from '../config/api.config.js';
import { QueueConnection } from './queue-connection.js';

const logger = new Logger('Redis');

/** Token of the shared ioredis connection (orders, idempotency records). */
export const REDIS = Symbol('REDIS');

// ioredis emits 'error' on every failed reconnect; unheard, it prints a stack trace each time.
const logged = (redis: Redis, name: string): Redis =>
  redis.on('error', (error: Error) => logger.warn(`${name}: ${error.message}`));

/**
 * The api's own Redis connections: `REDIS` for its records, {@link QueueConnection} for the
 * checkout queue (BullMQ's workers and the catalog cache open their own). Every failure they
 * raise on a request path answers `503 storage_unavailable` (see isRedisUnavailableError).
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) =>
        // A command fails after REDIS_COMMAND_TIMEOUT_MS or 2 reconnect attempts rather than
        // waiting for Redis to come back: a checkout gets a clear 503 within a second, not a hang.
        logged(
          new Redis(config.REDIS_URL, {
            maxRetriesPerRequest: 2,
            commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
            connectTimeout: 2_000,
          }),
          'redis',
        ),
    },
    {
      provide: QueueConnection,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => {
        // No offline queue: while Redis is away, adding a capture fails at once (the checkout
        // answers 503) instead of queueing the command in memory past the request's budget.
        const connection = new QueueConnection(config.REDIS_URL, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
          connectTimeout: 2_000,
        });
        // The checkout queue logs this connection's errors (CheckoutModule); heard here too,
        // so that none before the queue exists prints a stack trace.
        return connection.on('error', () => undefined);
      },
    },
  ],
  exports: [REDIS, QueueConnection],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly queueConnection: QueueConnection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.redis, this.queueConnection].map((redis) => redis.quit().catch(() => redis.disconnect())),
    );
  }
}
