import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type DynamicModule, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { TerminusModule } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { CatalogModule } from '../catalog/catalog.module.js';
import type { ApiConfig } from '../config/api.config.js';
import { oncePerConfig } from '../config/once-per-config.js';
import { runsCheckoutWorker, servesShop } from '../config/process-role.js';
import { IDEMPOTENCY_STORE } from '../idempotency/idempotency.store.js';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency.store.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { QueueConnection } from '../redis/queue-connection.js';
import { REDIS } from '../redis/redis.module.js';
import { CheckoutProducerReadinessIndicator } from './checkout-producer-readiness.indicator.js';
import { CheckoutQueueReadiness } from './checkout-queue-readiness.js';
import { CheckoutWorkerReadinessIndicator } from './checkout-worker-readiness.indicator.js';
import { CHECKOUT_QUEUE } from './checkout-queue.constants.js';
import { CheckoutController } from './checkout.controller.js';
import { checkoutWorkerProvider } from './checkout-worker.provider.js';
import { CheckoutIdempotencyService } from './checkout-idempotency.service.js';
import { CheckoutPaymentService } from './checkout-payment.service.js';
import { CheckoutService } from './checkout.service.js';
import { OrderPricingService } from './order-pricing.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { CaptureJobs } from './capture.jobs.js';
import { ChargeReconciler } from './charge-reconciler.service.js';
import { LateReservationService } from './late-reservation.service.js';
import { PendingOrderSweeper } from './pending-order.sweeper.js';
import { ReservationJobs } from './reservation.jobs.js';

const idempotencyStore: Provider = {
  provide: IDEMPOTENCY_STORE,
  inject: [REDIS],
  useFactory: (redis: Redis) => new RedisIdempotencyStore(redis),
};

/** Checkout and its queue: the route where the role serves the shop, the checkout worker where it runs one. */
@Module({})
export class CheckoutModule implements OnModuleInit {
  private readonly logger = new Logger('CheckoutQueue');

  constructor(@InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue) {}

  // BullMQ prints the stack of every connection error a queue has no listener for.
  onModuleInit(): void {
    this.queue.on('error', (error: Error) => this.logger.warn(`checkout queue: ${error.message}`));
  }

  /** The module for a process of `config.ROLE`; the same object for the same config. */
  static forConfig(config: ApiConfig): DynamicModule {
    return checkoutModuleFor(config);
  }
}

const checkoutModuleFor = oncePerConfig((config: ApiConfig): DynamicModule => {
  const worker = runsCheckoutWorker(config) ? [checkoutWorkerProvider(config), PendingOrderSweeper] : [];
  const readiness: Provider = {
    provide: CheckoutQueueReadiness,
    useClass: runsCheckoutWorker(config)
      ? CheckoutWorkerReadinessIndicator
      : CheckoutProducerReadinessIndicator,
  };
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
      CatalogModule.forConfig(config),
      InventoryModule.forConfig(config),
      PaymentsModule,
      OrdersModule.forConfig(config),
      TerminusModule,
    ],
    controllers: servesShop(config) ? [CheckoutController] : [],
    providers: [
      CheckoutIdempotencyService,
      OrderPricingService,
      CheckoutPaymentService,
      CheckoutService,
      CaptureJobs,
      ReservationJobs,
      LateReservationService,
      OrderSettlementService,
      idempotencyStore,
      ChargeReconciler,
      ...worker,
      readiness,
    ],
    // The queue, for its depth on /metrics; the checkout's part of /health/ready.
    exports: [CheckoutService, BullModule, CheckoutQueueReadiness],
  };
});
