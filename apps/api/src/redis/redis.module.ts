import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ApiConfig } from '../config/api.config.js';

/** Token of the shared ioredis connection (orders, idempotency records). */
export const REDIS = Symbol('REDIS');

/** One ioredis connection for the app's own records; BullMQ and the cache open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) =>
        // Fail a command after 2 reconnect attempts rather than queue it forever: a checkout
        // should get a clear 503 while Redis is away, not hang until the edge gives up.
        new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false }),
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
