import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ApiConfig } from '../config/api.config.js';

const logger = new Logger('Redis');

/** Token of the shared ioredis connection (orders, idempotency records). */
export const REDIS = Symbol('REDIS');

/** One ioredis connection for the app's own records; BullMQ and the cache open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => {
        // A command fails after 1 s or 2 reconnect attempts rather than waiting for Redis to
        // come back: a checkout gets a clear 503 within its budget, not a hang.
        const redis = new Redis(config.REDIS_URL, {
          maxRetriesPerRequest: 2,
          commandTimeout: 1_000,
          connectTimeout: 2_000,
        });
        redis.on('error', (error: Error) => logger.warn(`redis: ${error.message}`));
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
