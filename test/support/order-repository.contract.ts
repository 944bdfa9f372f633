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
  });
}
