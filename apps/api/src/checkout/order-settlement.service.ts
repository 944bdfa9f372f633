import { Inject, Injectable, Logger } from '@nestjs/common';
import { InventoryClient } from '../inventory/inventory.client.js';
import type { Order } from '../orders/order.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';
import type { Charge } from '../payments/charge.js';

/** The two ends of an order's payment, shared by the checkout and the checkout worker. */
@Injectable()
export class OrderSettlementService {
  private readonly logger = new Logger(OrderSettlementService.name);

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly inventory: InventoryClient,
  ) {}

  /** Marks the order paid (whoever got the charge first: both carry the same chargeId). */
  async confirm(order: Order, charge: Charge, attempts = order.attempts): Promise<Order> {
    const patch = { status: 'confirmed' as const, chargeId: charge.chargeId, attempts, lastError: null };
    return (await this.orders.update(order.orderId, patch)) ?? { ...order, ...patch };
  }

  /**
   * Compensates an order that will never be paid: releases its stock, then marks it
   * payment_failed, unless it was confirmed meanwhile. A release that fails is logged and the
   * order keeps `inventory: "reserved"`, so an operator can see which reservation to free.
   */
  async fail(order: Order, reason: string, attempts = order.attempts): Promise<Order> {
    let inventory = order.inventory;
    if (order.reservationId && order.inventory === 'reserved') {
      try {
        await this.inventory.release(order.reservationId);
        inventory = 'released';
      } catch (error) {
        this.logger.error(
          `order ${order.orderId}: could not release reservation ${order.reservationId}: ${(error as Error).message}`,
        );
      }
    }
    const patch = { status: 'payment_failed' as const, inventory, attempts, lastError: reason };
    return (await this.orders.update(order.orderId, patch, 'pending_payment')) ?? { ...order, ...patch };
  }
}
