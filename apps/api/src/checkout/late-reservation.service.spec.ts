import { jest } from '@jest/globals';
import { MemoryOrderRepository } from '../../../../test/support/memory-order.repository.js';
import { aPendingOrder } from '../../../../test/support/order.fixture.js';
import { InsufficientStockError } from '../errors/api-errors.js';
import type { InventoryClient } from '../inventory/inventory.client.js';
import type { ShopMetrics } from '../metrics/shop-metrics.js';
import type { Order } from '../orders/order.js';
import { LateReservationService } from './late-reservation.service.js';

const unconfirmed = aPendingOrder({ inventory: 'unconfirmed', reservationId: null });

async function fixture(order: Order, reserve: () => Promise<string>) {
  const orders = new MemoryOrderRepository();
  await orders.create(order);
  const inventory = { reserve: jest.fn(reserve), release: jest.fn(async () => undefined) };
  const shortfalls: number[] = [];
  const metrics = { inventoryShortfall: () => void shortfalls.push(1) } as unknown as ShopMetrics;
  const service = new LateReservationService(orders, inventory as unknown as InventoryClient, metrics);
  return { service, orders, inventory, shortfalls };
}

describe('LateReservationService', () => {
  it("reserves an unconfirmed order's lines under its id and records the reservation", async () => {
    const f = await fixture(unconfirmed, async () => 'res_9');
    expect(await f.service.reserve('ord_1')).toEqual({ orderId: 'ord_1', result: 'reserved' });
    expect(f.inventory.reserve).toHaveBeenCalledWith('ord_1', [{ sku: 'MUG-02', quantity: 2 }]);
    expect(await f.orders.get('ord_1')).toMatchObject({ inventory: 'reserved', reservationId: 'res_9' });
  });

  it('asks inventory nothing when run again for an order already reserved', async () => {
    const f = await fixture(unconfirmed, async () => 'res_9');
    await f.service.reserve('ord_1');
    expect(await f.service.reserve('ord_1')).toEqual({ orderId: 'ord_1', result: 'not_needed' });
    expect(f.inventory.reserve).toHaveBeenCalledTimes(1);
  });

  it('marks the order inventory "short" and counts a shortfall when inventory lacks the stock', async () => {
    const f = await fixture(unconfirmed, () => Promise.reject(new InsufficientStockError()));
    expect(await f.service.reserve('ord_1')).toEqual({ orderId: 'ord_1', result: 'short' });
    expect(await f.orders.get('ord_1')).toMatchObject({ inventory: 'short', reservationId: null });
    expect(f.shortfalls).toHaveLength(1);
  });

  it('throws any other failure, leaving the order unconfirmed, for the job to retry', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { isAxiosError: true });
    const f = await fixture(unconfirmed, () => Promise.reject(down));
    await expect(f.service.reserve('ord_1')).rejects.toBe(down);
    expect(await f.orders.get('ord_1')).toMatchObject({ inventory: 'unconfirmed' });
  });

  it('reserves nothing for an order whose payment failed', async () => {
    const f = await fixture({ ...unconfirmed, status: 'payment_failed' }, async () => 'res_9');
    expect(await f.service.reserve('ord_1')).toEqual({ orderId: 'ord_1', result: 'not_needed' });
    expect(f.inventory.reserve).not.toHaveBeenCalled();
  });
});
