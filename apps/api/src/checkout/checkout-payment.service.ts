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
 * The checkout's attempt to be paid: the capture is scheduled first, then payments is asked
 * within the request's budget. When it cannot answer in time the order stays pending and the
 * scheduled capture finishes the job, so an order is never dropped and never charged twice.
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
    await this.captures.schedule(order.orderId);
    const { orderId, customerId, amountCents, currency } = order;
    try {
      const charge = await this.withinChargeBudget(() =>
        this.payments.charge({ orderId, customerId, amountCents, currency }, order.idempotencyKey),
      );
      const confirmed = await this.settlement.confirm(order, charge);
      await this.captures.cancel(orderId);
      return { order: confirmed };
    } catch (error) {
      const rejectedStatus = chargeRejectionStatusOf(error);
      if (rejectedStatus === undefined) {
        const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.logger.warn(`order ${orderId}: payment not captured now (${cause}); the queued capture will`);
        return { order };
      }
      const failed = await this.settlement.fail(
        order,
        `payments rejected the charge with HTTP ${rejectedStatus}`,
      );
      await this.captures.cancel(orderId);
      return { order: failed, rejectedStatus };
    }
  }

  // The charge gets the request's budget minus what answering needs.
  private withinChargeBudget<T>(fn: () => Promise<T>): Promise<T> {
    const requestDeadline = currentDeadline() ?? Date.now() + this.config.REQUEST_TIMEOUT_MS;
    return runWithDeadline(requestDeadline - this.config.CHECKOUT_RESERVE_MS, fn);
  }
}
