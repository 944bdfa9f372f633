import { Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { oncePerConfig } from '../config/once-per-config.js';
import { servesShop } from '../config/process-role.js';
import { REDIS } from '../redis/redis.module.js';
import { ORDER_REPOSITORY } from './order.repository.js';
import { OrdersController } from './orders.controller.js';
import { RedisOrderRepository } from './redis-order.repository.js';

/** The orders in Redis, and `GET /orders/:id` where the role serves the shop. */
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
export class OrdersModule {
  /** The module with the routes `config.ROLE` serves; the same object for the same config. */
  static forConfig(config: Pick<ApiConfig, 'ROLE'>): DynamicModule {
    return ordersModuleFor(config);
  }
}

const ordersModuleFor = oncePerConfig((config: Pick<ApiConfig, 'ROLE'>): DynamicModule => ({
  module: OrdersModule,
  controllers: servesShop(config) ? [OrdersController] : [],
}));
