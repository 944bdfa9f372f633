import type { Order } from '../../apps/api/src/orders/order.js';
import type { OrderRepository } from '../../apps/api/src/orders/order.repository.js';
import { aPendingOrder } from './order.fixture.js';

let n = 0;
// A fresh id each time: the Redis implementation's store outlives one test.
const anOrder = (): Order => aPendingOrder({ orderId: `ord_${process.pid}_${Date.now()}_${++n}` });

/** The behaviour every OrderRepository must have, run against each implementation. */
export function describeOrderRepositoryContract(name: string, repository: () => OrderRepository): void {
  describe(`${name} (OrderRepository contract)`, () => {
    it('creates an order and reads it back unchanged', async () => {
      const order = anOrder();
      expect(await repository().create(order)).toEqual({ order, created: true });
      expect(await repository().get(order.orderId)).toEqual(order);
    });

    it('keeps the first order when one with the same id is created again', async () => {
      const order = anOrder();
      await repository().create(order);
      const again = await repository().create({ ...order, amountCents: 1 });
      expect(again).toEqual({ order, created: false });
      expect((await repository().get(order.orderId))?.amountCents).toBe(2900);
    });

    it('answers undefined for an unknown order', async () => {
      expect(await repository().get('ord_none')).toBeUndefined();
      expect(await repository().update('ord_none', { attempts: 1 })).toBeUndefined();
    });

    it('updates only the patched fields and stamps updatedAt', async () => {
      const order = anOrder();
      await repository().create(order);
      const updated = await repository().update(order.orderId, { status: 'confirmed', chargeId: 'ch_1' });
      expect(updated).toMatchObject({
        ...order,
        status: 'confirmed',
        chargeId: 'ch_1',
        updatedAt: expect.any(String),
      });
      expect(updated?.updatedAt).not.toBe(order.updatedAt);
    });

    it('applies a conditional update only while the status matches', async () => {
      const order = anOrder();
      await repository().create(order);
      await repository().update(order.orderId, { status: 'confirmed' });
      expect(
        await repository().update(order.orderId, { status: 'payment_failed' }, 'pending_payment'),
      ).toBeUndefined();
      expect((await repository().get(order.orderId))?.status).toBe('confirmed');
    });

    it('keeps both of two concurrent updates of different fields', async () => {
      const order = anOrder();
      await repository().create(order);
      await Promise.all([
        repository().update(order.orderId, { attempts: 3 }),
        repository().update(order.orderId, { inventory: 'released' }),
      ]);
      expect(await repository().get(order.orderId)).toMatchObject({ attempts: 3, inventory: 'released' });
    });

    describe('the watch list of pending orders', () => {
      const at = (ms: number): string => new Date(ms).toISOString();

      it('lists a new pending order as seen at its createdAt, and no settled one', async () => {
        const order = { ...anOrder(), createdAt: at(5_000_000) };
        const settled = { ...anOrder(), status: 'confirmed' as const, createdAt: at(5_000_000) };
        await repository().create(order);
        await repository().create(settled);
        expect(await repository().pendingUnseenSince(5_000_001, 1_000)).toContain(order.orderId);
        expect(await repository().pendingUnseenSince(5_000_001, 1_000)).not.toContain(settled.orderId);
        expect(await repository().pendingUnseenSince(5_000_000, 1_000)).not.toContain(order.orderId);
      });

      it('takes an order off the list when its status changes, not when it stays pending', async () => {
        const order = { ...anOrder(), createdAt: at(6_000_000) };
        await repository().create(order);
        await repository().update(order.orderId, { attempts: 2 });
        expect(await repository().pendingUnseenSince(6_000_001, 1_000)).toContain(order.orderId);
        await repository().update(order.orderId, { status: 'confirmed' });
        expect(await repository().pendingUnseenSince(6_000_001, 1_000)).not.toContain(order.orderId);
      });

      it('moves a pending order later when seen, and leaves a settled one off the list', async () => {
        const order = { ...anOrder(), createdAt: at(7_000_000) };
        const settled = { ...anOrder(), createdAt: at(7_000_000) };
        await repository().create(order);
        await repository().create(settled);
        await repository().update(settled.orderId, { status: 'payment_failed' });
        await repository().markPendingSeen(order.orderId, 9_000_000);
        await repository().markPendingSeen(settled.orderId, 1);
        expect(await repository().pendingUnseenSince(8_000_000, 1_000)).not.toContain(order.orderId);
        expect(await repository().pendingUnseenSince(9_000_001, 1_000)).toContain(order.orderId);
        expect(await repository().pendingUnseenSince(9_000_001, 1_000)).not.toContain(settled.orderId);
      });

      it('lists the longest unseen first, at most `limit`', async () => {
        const [first, second, third] = [1_001, 1_002, 1_003].map((ms) => ({
          ...anOrder(),
          createdAt: at(ms),
        }));
        for (const order of [third, first, second]) await repository().create(order);
        expect(await repository().pendingUnseenSince(1_004, 2)).toEqual([first.orderId, second.orderId]);
      });
    });
  });
}
