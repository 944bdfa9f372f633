import { Injectable, Logger } from '@nestjs/common';
import { InventoryClient } from '../inventory/inventory.client.js';
import type { Order } from '../orders/order.js';
import { OrderRepository } from '../orders/order.repository.js';
import type { Charge } from '../payments/charge.js';

/** The two ends of an order's payment, shared by the checkout and the capture worker. */
@Injectable()
export class OrderSettlement {
  private readonly logger = new Logger(OrderSettlement.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly inventory: InventoryClient,
  ) {}

  /** Marks the order paid. */
  async confirm(order: Order, charge: Charge, attempts = order.attempts): Promise<Order> {
    const updated = await this.orders.update(order.orderId, { status: 'confirmed', chargeId: charge.chargeId, attempts, lastError: null });
    return updated ?? order;
  }

  /**
   * Compensates an order that will never be paid: releases its stock and marks it
   * payment_failed. A release that fails is logged and the order says so (inventory stays
   * `reserved`), so an operator can see which reservations to free.
   */
  async fail(order: Order, reason: string, attempts = order.attempts): Promise<Order> {
    let inventory = order.inventory;
    if (order.reservationId && order.inventory === 'reserved') {
      try {
        await this.inventory.release(order.reservationId);
        inventory = 'released';
      } catch (error) {
        this.logger.error(`order ${order.orderId}: could not release reservation ${order.reservationId}: ${(error as Error).message}`);
      }
    }
    const updated = await this.orders.update(order.orderId, { status: 'payment_failed', inventory, attempts, lastError: reason });
    return updated ?? order;
  }
}
