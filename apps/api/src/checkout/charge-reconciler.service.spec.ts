import { jest } from '@jest/globals';
import { MemoryOrderRepository } from '../../../../test/support/memory-order.repository.js';
import { aPendingOrder } from '../../../../test/support/order.fixture.js';
import type { InventoryClient } from '../inventory/inventory.client.js';
import type { ReconciliationOutcome, ShopMetrics } from '../metrics/shop-metrics.js';
import type { Order } from '../orders/order.js';
import type { ChargeLookup } from '../payments/charge.js';
import type { PaymentsClient } from '../payments/payments.client.js';
import { ChargeReconciler } from './charge-reconciler.service.js';
import { OrderSettlementService } from './order-settlement.service.js';

const pending: Order = aPendingOrder({ attempts: 8, lastError: 'Error: socket hang up' });
const chargeOf = (orderId: string, amountCents: number): ChargeLookup => ({
  kind: 'found',
  charge: { chargeId: 'ch_1', orderId, amountCents, status: 'succeeded' },
});

async function fixture(answer: () => Promise<ChargeLookup>) {
  const orders = new MemoryOrderRepository();
  await orders.create(pending);
  const inventory = { release: jest.fn(async () => undefined) };
  const findCharge = jest.fn(answer);
  const outcomes: ReconciliationOutcome[] = [];
  const metrics = { paymentReconciled: (outcome) => void outcomes.push(outcome) } as Pick<
    ShopMetrics,
    'paymentReconciled'
  >;
  const reconciler = new ChargeReconciler(
    { findCharge } as unknown as PaymentsClient,
    new OrderSettlementService(orders, inventory as unknown as InventoryClient),
    metrics as ShopMetrics,
  );
  return { reconciler, orders, inventory, findCharge, outcomes };
}

describe('ChargeReconciler', () => {
  it("confirms the order with the charge payments holds under the order's key, keeping its stock", async () => {
    const f = await fixture(async () => chargeOf('ord_1', 2900));
    expect(await f.reconciler.reconcile(pending)).toBe('confirmed');
    expect(f.findCharge).toHaveBeenCalledWith('k-1');
    expect(await f.orders.get('ord_1')).toMatchObject({
      status: 'confirmed',
      chargeId: 'ch_1',
      inventory: 'reserved',
      lastError: null,
    });
    expect(f.inventory.release).not.toHaveBeenCalled();
    expect(f.outcomes).toEqual(['confirmed']);
  });

  it("fails the order and releases its stock when payments holds no charge under the order's key", async () => {
    const f = await fixture(async () => ({ kind: 'none' }));
    expect(await f.reconciler.reconcile(pending)).toBe('failed');
    expect(await f.orders.get('ord_1')).toMatchObject({
      status: 'payment_failed',
      chargeId: null,
      inventory: 'released',
      lastError: expect.stringContaining('no charge'),
    });
    expect(f.inventory.release).toHaveBeenCalledWith('res_1');
    expect(f.outcomes).toEqual(['failed']);
  });

  it.each([
    ['another order', chargeOf('ord_2', 2900)],
    ['another amount', chargeOf('ord_1', 100)],
  ])(
    'fails the order when its key holds a charge for %s: this order can never be charged',
    async (_c, lookup) => {
      const f = await fixture(async () => lookup);
      expect(await f.reconciler.reconcile(pending)).toBe('failed');
      expect(await f.orders.get('ord_1')).toMatchObject({ status: 'payment_failed', chargeId: null });
    },
  );

  it('throws when payments cannot answer, leaving the order pending_payment with its stock', async () => {
    const f = await fixture(() =>
      Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    );
    await expect(f.reconciler.reconcile(pending)).rejects.toThrow('socket hang up');
    expect(await f.orders.get('ord_1')).toEqual(pending);
    expect(f.inventory.release).not.toHaveBeenCalled();
    expect(f.outcomes).toEqual([]);
  });
});
