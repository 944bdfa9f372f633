import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type DynamicModule, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CatalogModule } from '../catalog/catalog.module.js';
import type { ApiConfig } from '../config/api.config.js';
import { IDEMPOTENCY_STORE } from '../idempotency/idempotency.store.js';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency.store.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { QueueConnection } from '../redis/queue-connection.js';
import { REDIS } from '../redis/redis.module.js';
import { CHECKOUT_QUEUE } from './checkout-queue.constants.js';
import { CheckoutConsumer } from './checkout.consumer.js';
import { captureWorkerProvider } from './capture-worker.provider.js';
import { CheckoutService } from './checkout.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { CaptureQueue } from './capture.queue.js';
import { ChargeReconciler } from './charge-reconciler.service.js';
import { LateReservationService } from './late-reservation.service.js';
import { ReservationQueue } from './reservation.queue.js';
import { QueueMetrics } from '../metrics/queue-metrics.js';

const idempotencyStore: Provider = {
  provide: IDEMPOTENCY_STORE,
  inject: [REDIS],
  useFactory: (redis: Redis) => new RedisIdempotencyStore(redis),
};

/** Checkout and the capture of queued payments; the worker only runs where the role says. */
@Module({})
export class CheckoutModule implements OnModuleInit {
  private readonly logger = new Logger('CheckoutQueue');

  constructor(@InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue) {}

  // BullMQ prints the stack of every connection error a queue has no listener for.
  onModuleInit(): void {
    this.queue.on('error', (error: Error) => this.logger.warn(`checkout queue: ${error.message}`));
  }

  static forConfig(config: ApiConfig): DynamicModule {
    const worker = config.ROLE === 'api' ? [] : [captureWorkerProvider(config)];
    const consumer = config.ROLE === 'api' ? [] : [CheckoutConsumer];
    return {
      module: CheckoutModule,
      imports: [
        BullModule.registerQueueAsync({
          name: CHECKOUT_QUEUE,
          inject: [QueueConnection],
          // The producer fails fast while Redis is away (the checkout answers 503); the worker
          // gets connections that wait for Redis instead (see QueueConnection).
          useFactory: (connection: QueueConnection) => ({ connection }),
        }),
        CatalogModule,
        InventoryModule,
        PaymentsModule,
        OrdersModule,
      ],
      providers: [
        CheckoutService,
        CaptureQueue,
        ReservationQueue,
        LateReservationService,
        QueueMetrics,
        OrderSettlementService,
        idempotencyStore,
        ChargeReconciler,
        ...worker,
      ],
      // The queue and the worker, for the readiness probe.
      exports: [CheckoutService, BullModule, ...consumer],
    };
  }
}
