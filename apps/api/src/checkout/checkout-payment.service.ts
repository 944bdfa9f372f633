import { Injectable, Logger } from '@nestjs/common';
import { currentDeadline, runWithDeadline } from '@carta/resilience';
import { ApiConfig } from '../config/api.config.js';
import type { Order } from '../orders/order.js';
import { chargeRejectionStatusOf } from '../payments/charge-rejection.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { CaptureJobs } from './capture.jobs.js';
import type { CheckoutOutcome } from './checkout-outcome.js';
import { OrderSettlementService } from './order-settlement.service.js';

/**
 * The checkout's attempt to be paid: payments is asked within the request's budget. When it
 * cannot answer in time the order stays pending and a capture job is queued to finish the job,
 * under the same key, so an order is never charged twice. Nothing is queued on the happy path:
 * an api that dies before settling leaves its order on the pending list, where the worker's
 * sweep (PendingOrderSweeper) queues its capture once the request's budget is over.
 */
@Injectable()
export class CheckoutPaymentService {
  private readonly logger = new Logger(CheckoutPaymentService.name);

  constructor(
    private readonly config: ApiConfig,
    private readonly payments: PaymentsClient,
    private readonly captures: CaptureJobs,
    private readonly settlement: OrderSettlementService,
  ) {}

  /** Confirms, fails (payments rejected it) or leaves pending an order; a settled order is left as it is. */
  async settle(order: Order): Promise<CheckoutOutcome> {
    if (order.status !== 'pending_payment') return { order };
    const { orderId, customerId, amountCents, currency } = order;
    try {
      const charge = await this.withinChargeBudget(() =>
        this.payments.charge({ orderId, customerId, amountCents, currency }, order.idempotencyKey),
      );
      return { order: await this.settlement.confirm(order, charge) };
    } catch (error) {
      const rejectedStatus = chargeRejectionStatusOf(error);
      if (rejectedStatus !== undefined) {
        const failed = await this.settlement.fail(
          order,
          `payments rejected the charge with HTTP ${rejectedStatus}`,
        );
        return { order: failed, rejectedStatus };
      }
      // No answer (or none we could record): the capture job takes over. Should queueing fail
      // too, the order is still on the pending list, and the sweep queues it.
      await this.captures.schedule(orderId);
      const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(`order ${orderId}: payment not captured now (${cause}); the queued capture will`);
      return { order };
    }
  }

  // The charge gets the request's budget minus what answering needs.
  private withinChargeBudget<T>(fn: () => Promise<T>): Promise<T> {
    const requestDeadline = currentDeadline() ?? Date.now() + this.config.REQUEST_TIMEOUT_MS;
    return runWithDeadline(requestDeadline - this.config.CHECKOUT_RESERVE_MS, fn);
  }
}
