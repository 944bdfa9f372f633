import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ApiConfig, type Role } from '../config/api.config.js';
import { IDEMPOTENCY_STORE } from '../idempotency/idempotency.store.js';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency.store.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { REDIS } from '../redis/redis.module.js';
import { CHECKOUT_QUEUE } from './checkout-queue.constants.js';
import { CheckoutConsumer } from './checkout.consumer.js';
import { CheckoutService } from './checkout.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { CaptureQueue } from './capture.queue.js';
import { QueueMetrics } from '../metrics/queue-metrics.js';

const idempotencyStore: Provider = {
  provide: IDEMPOTENCY_STORE,
  inject: [REDIS],
  useFactory: (redis: Redis) => new RedisIdempotencyStore(redis),
};

/** Checkout and the capture of queued payments; the worker only runs where the role says. */
@Module({})
export class CheckoutModule {
  static forRole(role: Role): DynamicModule {
    const consumer = role === 'api' ? [] : [CheckoutConsumer];
    return {
      module: CheckoutModule,
      imports: [
        BullModule.registerQueueAsync({
          name: CHECKOUT_QUEUE,
          inject: [ApiConfig],
          // The producer fails fast while Redis is away (the checkout answers 503) instead
          // of queueing commands in memory past the request's budget.
          useFactory: (config: ApiConfig) => ({
            connection: { url: config.REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
          }),
        }),
        CatalogModule,
        InventoryModule,
        PaymentsModule,
        OrdersModule,
      ],
      providers: [
        CheckoutService,
        CaptureQueue,
        QueueMetrics,
        OrderSettlementService,
        idempotencyStore,
        ...consumer,
      ],
      // The queue and the worker, for the readiness probe.
      exports: [CheckoutService, BullModule, ...consumer],
    };
  }
}
