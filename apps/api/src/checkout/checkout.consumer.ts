import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { isBrokenCircuitError, isBulkheadRejectedError } from '@carta/resilience';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ApiConfig } from '../config/api.config.js';
import { OrderRepository } from '../orders/order.repository.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { CHECKOUT_QUEUE, type CaptureJobData } from './checkout-queue.js';
import { clientErrorStatusOf } from './checkout.service.js';
import { OrderSettlement } from './order-settlement.service.js';

/** What a capture job ended with; BullMQ keeps it as the job's return value. */
export type CaptureOutcome = { orderId: string; result: 'confirmed' | 'already_settled' | 'unknown_order' };

/**
 * Captures queued payments. Each attempt charges under the order's own Idempotency-Key, so
 * however often it runs, payments charges once. While the payments breaker is open the job
 * waits for the breaker instead of spending one of its attempts.
 */
@Processor(CHECKOUT_QUEUE)
export class CheckoutConsumer extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(CheckoutConsumer.name);

  constructor(
    private readonly config: ApiConfig,
    private readonly orders: OrderRepository,
    private readonly payments: PaymentsClient,
    private readonly settlement: OrderSettlement,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.CAPTURE_CONCURRENCY;
  }

  async process(job: Job<CaptureJobData>, token?: string): Promise<CaptureOutcome> {
    const { orderId } = job.data;
    const order = await this.orders.get(orderId);
    if (!order) return { orderId, result: 'unknown_order' };
    if (order.status !== 'pending_payment') return { orderId, result: 'already_settled' };
    const attempts = order.attempts + 1;
    try {
      const request = { orderId, customerId: order.customerId, amountCents: order.amountCents, currency: order.currency };
      const charge = await this.payments.charge(request, order.idempotencyKey);
      await this.settlement.confirm(order, charge, attempts);
      return { orderId, result: 'confirmed' };
    } catch (error) {
      if (isBrokenCircuitError(error) || isBulkheadRejectedError(error)) {
        const waitMs = isBrokenCircuitError(error) ? error.retryAfterMs : this.config.CAPTURE_BACKOFF_MS;
        // Payments was not called: wait for the breaker, leaving the attempt count alone.
        await job.moveToDelayed(Date.now() + waitMs + Math.floor(Math.random() * 250), token);
        throw new DelayedError();
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const rejected = clientErrorStatusOf(error);
      const lastAttempt = rejected !== undefined || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) {
        await this.settlement.fail(order, reason, attempts);
        this.logger.error(`order ${orderId}: payment failed after ${attempts} capture attempt(s): ${reason}`);
        throw rejected !== undefined ? new UnrecoverableError(reason) : error;
      }
      await this.orders.update(orderId, { attempts, lastError: reason });
      throw error;
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    // A worker whose Redis blinks emits errors; logged, it reconnects on its own.
    this.logger.warn(`capture worker: ${error.message}`);
  }
}
