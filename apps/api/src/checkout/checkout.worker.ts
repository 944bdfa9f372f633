import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { isBrokenCircuitError } from '@carta/resilience';
import { backoffDelay } from '@carta/resilience/core';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ApiConfig } from '../config/api.config.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import type { Order } from '../orders/order.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { nextStepAfterCaptureFailure } from './capture-failure.js';
import { ChargeReconciler } from './charge-reconciler.service.js';
import {
  CHECKOUT_QUEUE,
  RESERVATION_JOB,
  type CaptureJobData,
  type ReconcilingState,
} from './checkout-queue.constants.js';
import { LateReservationService, type LateReservationOutcome } from './late-reservation.service.js';
import { OrderSettlementService } from './order-settlement.service.js';

/** What a capture job ended with; BullMQ keeps it as the job's return value. */
export type CaptureOutcome = {
  orderId: string;
  result: 'confirmed' | 'failed' | 'already_settled' | 'unknown_order';
};

const WAKE_JITTER_MS = 250;
const MAX_BREAKER_WAKE_SPREAD_MS = 15_000;

/**
 * The checkout worker: runs the checkout queue's capture and reservation jobs. Each capture
 * attempt charges under the order's own Idempotency-Key, so however often it runs, payments
 * charges once. While the payments breaker is open (or its pool full) the job waits instead of
 * spending one of its attempts. Only a rejection fails an order at once: when the last attempt
 * gets no definite answer, payments may have charged, so the job turns to reconciling (see
 * {@link ChargeReconciler}). It stays in Redis, delayed between questions, so a restart loses
 * none.
 */
@Processor(CHECKOUT_QUEUE)
export class CheckoutWorker extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CheckoutWorker.name);

  constructor(
    private readonly config: ApiConfig,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly payments: PaymentsClient,
    private readonly settlement: OrderSettlementService,
    private readonly reconciler: ChargeReconciler,
    private readonly metrics: ShopMetrics,
    private readonly lateReservations: LateReservationService,
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

  async process(job: Job<CaptureJobData>, token?: string): Promise<CaptureOutcome | LateReservationOutcome> {
    // The queue's other job: stock for an order placed while inventory could not answer.
    if (job.name === RESERVATION_JOB) return this.lateReservations.reserve(job.data.orderId);
    const { orderId, reconciling } = job.data;
    if (reconciling) return this.reconcile(job, reconciling, token);
    const order = await this.orders.get(orderId);
    if (!order) return { orderId, result: 'unknown_order' };
    if (order.status !== 'pending_payment') return { orderId, result: 'already_settled' };
    return this.capture(job, order, token);
  }

  private async capture(job: Job<CaptureJobData>, order: Order, token?: string): Promise<CaptureOutcome> {
    const { orderId } = order;
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
      const reason = describe(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      switch (nextStepAfterCaptureFailure(error, { lastAttempt })) {
        case 'wait': {
          // Payments was not called: wait, leaving the attempt count alone.
          const waitMs = waitForBreakerMs(error) ?? this.config.CAPTURE_BACKOFF_MS;
          await job.moveToDelayed(Date.now() + waitMs + breakerWakeSpreadMs(order), token);
          throw new DelayedError();
        }
        case 'decline':
          await this.settlement.fail(order, reason, attempts);
          this.logger.error(
            `order ${orderId}: payment failed after ${attempts} capture attempt(s): ${reason}`,
          );
          throw new UnrecoverableError(reason);
        case 'retry':
          await this.orders.update(orderId, { attempts, lastError: reason }, 'pending_payment');
          throw error;
        case 'reconcile': {
          // The answer given up on may still be on its way at payments: ask once it is surely over.
          const notBefore = Date.now() + this.config.RECONCILE_DELAY_MS;
          // The job moves first, on the worker's own connection: whatever fails next, someone asks.
          await job.updateData({ orderId, reconciling: { notBefore, unanswered: 0 } });
          await job.moveToDelayed(notBefore, token);
          this.logger.warn(
            `order ${orderId}: capture attempt ${attempts}, the last, got no answer (${reason}); payments may have charged, so it is asked in ${this.config.RECONCILE_DELAY_MS} ms what it holds under the order's key`,
          );
          await this.orders
            .update(orderId, { attempts, lastError: reason }, 'pending_payment')
            .catch((e: Error) =>
              this.logger.warn(`order ${orderId}: could not record the attempt: ${e.message}`),
            );
          throw new DelayedError();
        }
      }
    }
  }

  /** Asks payments what it holds under the order's key; while it cannot say, asks again later. */
  private async reconcile(
    job: Job<CaptureJobData>,
    state: ReconcilingState,
    token?: string,
  ): Promise<CaptureOutcome> {
    const { orderId } = job.data;
    // A job run early (a stalled one picked up again) waits for its time.
    if (Date.now() < state.notBefore) {
      await job.moveToDelayed(state.notBefore, token);
      throw new DelayedError();
    }
    try {
      const order = await this.orders.get(orderId);
      if (!order) return { orderId, result: 'unknown_order' };
      if (order.status !== 'pending_payment') return { orderId, result: 'already_settled' };
      return { orderId, result: await this.reconciler.reconcile(order) };
    } catch (error) {
      const unanswered = state.unanswered + 1;
      const breakerMs = waitForBreakerMs(error);
      const waitMs = breakerMs === undefined ? this.lookupBackoffMs(unanswered) : breakerMs + wakeJitterMs();
      this.metrics.paymentReconciled('unanswered');
      this.logger.warn(
        `order ${orderId}: no word yet on whether payments charged the order's key (${describe(error)}); asking again in ${waitMs} ms (${unanswered} unanswered so far)`,
      );
      const notBefore = Date.now() + waitMs;
      await job.updateData({ orderId, reconciling: { notBefore, unanswered } });
      await job.moveToDelayed(notBefore, token);
      throw new DelayedError();
    }
  }

  // Full-jitter exponential backoff, capped: payments coming back is noticed within the cap.
  private lookupBackoffMs(unanswered: number): number {
    const { RECONCILE_BACKOFF_MS: baseMs, RECONCILE_MAX_BACKOFF_MS: maxMs } = this.config;
    return Math.round(
      backoffDelay('exponential', unanswered, 0, baseMs, Math.max(baseMs, maxMs), Math.random),
    );
  }

  // A worker that died (or blocked past its lock) left this capture running; another takes it over.
  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn(
      `capture job ${jobId} stalled: the worker running it stopped renewing its lock (killed or blocked); it runs again here`,
    );
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    // A worker whose Redis blinks emits errors; logged, it reconnects on its own.
    this.logger.warn(`checkout worker: ${error.message}`);
  }
}

// Spreads the wake-ups of jobs that waited for the same breaker.
function wakeJitterMs(): number {
  return Math.floor(Math.random() * WAKE_JITTER_MS);
}

/**
 * How much later than its wait (the breaker's retry-after, or the backoff when the pool was
 * full) a capture that could not call payments wakes: at random, within half as long as its
 * order has waited (at least 250 ms, at most 15 s). A half-open breaker lets one call through,
 * so every other capture woken with it costs a job fetched, its order read and the job moved
 * back, for nothing. In `npm run drill -- --rate 800` some four thousand captures piled up in
 * the payments outage; woken together at every half-open, they took the api's CPU from the
 * requests it served (catalog p50 8-14 ms instead of 2.5), and spread out they wake a few
 * times less often (docs/drill.md). The price: once payments is back, a capture that has
 * waited long may wait up to 15 s more; new ones still wake within 250 ms.
 */
function breakerWakeSpreadMs(order: Order): number {
  const waitedMs = Date.now() - Date.parse(order.createdAt);
  const spreadMs = Math.min(MAX_BREAKER_WAKE_SPREAD_MS, Math.max(WAKE_JITTER_MS, waitedMs / 2));
  return Math.floor(Math.random() * spreadMs);
}

/** The open payments breaker's retry-after, when that is why the call failed and it has one. */
function waitForBreakerMs(error: unknown): number | undefined {
  return isBrokenCircuitError(error) ? (error.retryAfterMs ?? undefined) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
