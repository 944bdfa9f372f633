import { Injectable, Logger } from '@nestjs/common';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import type { Order } from '../orders/order.js';
import type { Charge } from '../payments/charge.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { OrderSettlementService } from './order-settlement.service.js';

/** How a reconciled order was settled. */
export type ReconciledStatus = 'confirmed' | 'failed';

/**
 * Settles a pending order whose capture attempts all ended without a definite answer, from
 * what payments holds under the order's Idempotency-Key. Never guesses: when payments cannot
 * say, it throws and the order stays `pending_payment` for the next question.
 */
@Injectable()
export class ChargeReconciler {
  private readonly logger = new Logger(ChargeReconciler.name);

  constructor(
    private readonly payments: PaymentsClient,
    private readonly settlement: OrderSettlementService,
    private readonly metrics: ShopMetrics,
  ) {}

  /**
   * The order's charge confirms it. No charge under its key fails it and releases its stock;
   * so does a charge under its key for another order or amount, since payments makes one
   * charge per key and refuses any other (422): this order's can never be made. Throws
   * whatever the lookup throws when payments cannot answer.
   */
  async reconcile(order: Order): Promise<ReconciledStatus> {
    const { orderId } = order;
    const lookup = await this.payments.findCharge(order.idempotencyKey);
    if (lookup.kind === 'found' && isChargeOf(order, lookup.charge)) {
      await this.settlement.confirm(order, lookup.charge);
      this.metrics.paymentReconciled('confirmed');
      this.logger.warn(
        `order ${orderId}: payments holds charge ${lookup.charge.chargeId} under the order's key although every capture answer was lost: confirmed`,
      );
      return 'confirmed';
    }
    const reason =
      lookup.kind === 'none'
        ? `payments holds no charge under the order's key after ${order.attempts} capture attempt(s) without an answer`
        : `payments holds charge ${lookup.charge.chargeId} under the order's key for another order or amount`;
    const failed = await this.settlement.fail(order, reason);
    this.metrics.paymentReconciled('failed');
    this.logger.error(`order ${orderId}: payment_failed, inventory ${failed.inventory}: ${reason}`);
    return 'failed';
  }
}

function isChargeOf(order: Order, charge: Charge): boolean {
  return charge.orderId === order.orderId && charge.amountCents === order.amountCents;
}
