import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module.js';
import { ORDER_REPOSITORY } from './order.repository.js';
import { RedisOrderRepository } from './redis-order.repository.js';

@Module({
  providers: [
    {
      provide: ORDER_REPOSITORY,
      inject: [REDIS],
      useFactory: (redis: Redis) => new RedisOrderRepository(redis),
    },
  ],
  exports: [ORDER_REPOSITORY],
})
export class OrdersModule {}
