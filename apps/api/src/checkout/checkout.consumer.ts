import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { isBrokenCircuitError, isBulkheadRejectedError } from '@carta/resilience';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ApiConfig } from '../config/api.config.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';
import { chargeRejectionStatusOf } from '../payments/charge-rejection.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { CHECKOUT_QUEUE, type CaptureJobData } from './checkout-queue.constants.js';
import { OrderSettlementService } from './order-settlement.service.js';

/** What a capture job ended with; BullMQ keeps it as the job's return value. */
export type CaptureOutcome = { orderId: string; result: 'confirmed' | 'already_settled' | 'unknown_order' };

// Spread the wake-ups of jobs that waited for the same breaker.
const WAKE_JITTER_MS = 250;

/**
 * Captures queued payments. Each attempt charges under the order's own Idempotency-Key, so
 * however often it runs, payments charges once. While the payments breaker is open (or its
 * pool full) the job waits instead of spending one of its attempts.
 */
@Processor(CHECKOUT_QUEUE)
export class CheckoutConsumer
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(CheckoutConsumer.name);

  constructor(
    private readonly config: ApiConfig,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly payments: PaymentsClient,
    private readonly settlement: OrderSettlementService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.CAPTURE_CONCURRENCY;
  }

  // Finish running captures while the payments pool and Redis are still open.
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async process(job: Job<CaptureJobData>, token?: string): Promise<CaptureOutcome> {
    const { orderId } = job.data;
    const order = await this.orders.get(orderId);
    if (!order) return { orderId, result: 'unknown_order' };
    if (order.status !== 'pending_payment') return { orderId, result: 'already_settled' };
    const attempts = order.attempts + 1;
    try {
      const request = {
        orderId,
        customerId: order.customerId,
        amountCents: order.amountCents,
        currency: order.currency,
      };
      const charge = await this.payments.charge(request, order.idempotencyKey);
      await this.settlement.confirm(order, charge, attempts);
      return { orderId, result: 'confirmed' };
    } catch (error) {
      if (isBrokenCircuitError(error) || isBulkheadRejectedError(error)) {
        const waitMs = isBrokenCircuitError(error) ? error.retryAfterMs : this.config.CAPTURE_BACKOFF_MS;
        // Payments was not called: wait, leaving the attempt count alone.
        await job.moveToDelayed(Date.now() + waitMs + Math.floor(Math.random() * WAKE_JITTER_MS), token);
        throw new DelayedError();
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const rejected = chargeRejectionStatusOf(error) !== undefined;
      if (rejected || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.settlement.fail(order, reason, attempts);
        this.logger.error(`order ${orderId}: payment failed after ${attempts} capture attempt(s): ${reason}`);
        throw rejected ? new UnrecoverableError(reason) : error;
      }
      await this.orders.update(orderId, { attempts, lastError: reason }, 'pending_payment');
      throw error;
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    // A worker whose Redis blinks emits errors; logged, it reconnects on its own.
    this.logger.warn(`capture worker: ${error.message}`);
  }
}
