import { Inject, Injectable } from '@nestjs/common';
import { InventoryService } from '../inventory/inventory.service.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import type { Order } from '../orders/order.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';
import { CheckoutPaymentService } from './checkout-payment.service.js';
import type { CheckoutOutcome } from './checkout-outcome.js';
import { orderIdOf } from './checkout-identity.util.js';
import type { CheckoutRequestDto } from './checkout-request.dto.js';
import { OrderPricingService } from './order-pricing.service.js';
import { ReservationJobs } from './reservation.jobs.js';

const CURRENCY = 'EUR';

/**
 * Places the order of one Idempotency-Key: carries on from the one stored for it (a retry) or
 * prices it, reserves its stock and stores it, then has it paid. Answers with the order as it
 * stands; HTTP is the controller's business (checkoutAnswerOf).
 */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly pricing: OrderPricingService,
    private readonly inventory: InventoryService,
    private readonly payment: CheckoutPaymentService,
    private readonly reservations: ReservationJobs,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly metrics: ShopMetrics,
  ) {}

  /** The order a checkout with `key` stored before, if any. Only reads: it is sent alongside the key's claim. */
  storedOrder(key: string): Promise<Order | undefined> {
    return this.orders.get(orderIdOf(key));
  }

  /**
   * The order of `key`, carried on from `stored` (what `storedOrder` found) or placed now, and
   * paid if payments answers in time.
   */
  async place(key: string, request: CheckoutRequestDto, stored: Order | undefined): Promise<CheckoutOutcome> {
    const orderId = orderIdOf(key);
    // Should `stored` predate an order made since (a claim that had to be retried), creating
    // finds that order instead and answers it: orders are created once per id.
    const order = stored ?? (await this.createOrder(orderId, key, request));
    // Scheduled here, not at creation, so a retry of a checkout that died in between schedules it.
    if (order.inventory === 'unconfirmed') await this.reservations.schedule(orderId);
    const outcome = await this.payment.settle(order);
    this.metrics.orderPlaced(outcome.order.status);
    return outcome;
  }

  private async createOrder(orderId: string, key: string, request: CheckoutRequestDto): Promise<Order> {
    const items = await this.pricing.price(request.items);
    const { inventory, reservationId } = await this.inventory.reserve(
      orderId,
      items.map(({ sku, quantity }) => ({ sku, quantity })),
    );
    const now = new Date().toISOString();
    const draft: Order = {
      orderId,
      customerId: request.customerId,
      items,
      amountCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
      currency: CURRENCY,
      status: 'pending_payment',
      inventory,
      reservationId,
      chargeId: null,
      attempts: 0,
      idempotencyKey: key,
      createdAt: now,
      updatedAt: now,
      lastError: null,
    };
    try {
      return (await this.orders.create(draft)).order;
    } catch (error) {
      if (reservationId) await this.inventory.releaseQuietly(reservationId);
      throw error;
    }
  }
}
