import { Inject, Injectable, Logger } from '@nestjs/common';
import { InsufficientStockError } from '../errors/api-errors.js';
import { InventoryClient } from '../inventory/inventory.client.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';

/** What a reservation job ended with; BullMQ keeps it as the job's return value. */
export type LateReservationOutcome = {
  orderId: string;
  result: 'reserved' | 'short' | 'not_needed' | 'unknown_order';
};

/**
 * Reserves the stock of an order placed while inventory could not answer (`unconfirmed`).
 * Safe to run twice: inventory keeps one reservation per orderId, so a rerun (a lost answer, a
 * worker that died after reserving) gets the first one back. Inventory short of stock marks
 * the order `short` for an operator, never silently ships it. Any other failure is thrown, for
 * the job to retry with backoff.
 */
@Injectable()
export class LateReservationService {
  private readonly logger = new Logger(LateReservationService.name);

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly inventory: InventoryClient,
    private readonly metrics: ShopMetrics,
  ) {}

  async reserve(orderId: string): Promise<LateReservationOutcome> {
    const order = await this.orders.get(orderId);
    if (!order) return { orderId, result: 'unknown_order' };
    // A failed order needs no stock; a reserved or short one was settled by an earlier run.
    if (order.inventory !== 'unconfirmed' || order.status === 'payment_failed')
      return { orderId, result: 'not_needed' };
    const lines = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
    let reservationId: string;
    try {
      reservationId = await this.inventory.reserve(orderId, lines);
    } catch (error) {
      if (!(error instanceof InsufficientStockError)) throw error;
      await this.orders.update(orderId, { inventory: 'short' });
      this.metrics.inventoryShortfall();
      this.logger.error(
        `order ${orderId} (${order.status}) was sold while inventory could not answer, and inventory now lacks the stock for it: marked inventory "short" for an operator`,
      );
      return { orderId, result: 'short' };
    }
    const updated = await this.orders.update(orderId, { inventory: 'reserved', reservationId });
    // The order failed meanwhile (its release saw no reservation): give the stock back.
    if (updated?.status === 'payment_failed') {
      await this.inventory.release(reservationId);
      await this.orders.update(orderId, { inventory: 'released' });
    }
    this.logger.log(`order ${orderId}: stock reserved late (${reservationId})`);
    return { orderId, result: 'reserved' };
  }
}
