import { Redis } from 'ioredis';
import { orderIdOf } from '../../apps/api/src/checkout/checkout-identity.util.js';
import { RedisOrderRepository } from '../../apps/api/src/orders/redis-order.repository.js';
import { eventually } from '../support/eventually.js';
import { aPendingOrder } from '../support/order.fixture.js';
import { newKey, ShopFixture } from '../support/shop.fixture.js';

/**
 * A checkout stores its order, then queues the capture: when the api dies (or Redis goes away)
 * between the two writes, the stored order has no capture to come. The worker's sweep finds it
 * and has it paid, once.
 */
describe('pending orders with no capture job queued', () => {
  let shop: ShopFixture;
  let redis: Redis;

  beforeAll(async () => {
    shop = await ShopFixture.start({ CAPTURE_SWEEP_INTERVAL_MS: '200', REQUEST_TIMEOUT_MS: '1000' });
    redis = new Redis(shop.redis.url);
  }, 60_000);

  afterAll(async () => {
    await redis?.quit();
    await shop?.stop();
  });

  it('captures an order stored by a checkout that died before queueing its capture, with exactly one charge', async () => {
    // The checkout's first write, as the api made it, and nothing after it.
    const key = newKey('orphan');
    const orderId = orderIdOf(key);
    const placedAt = new Date(Date.now() - 5_000).toISOString();
    await new RedisOrderRepository(redis).create(
      aPendingOrder({
        orderId,
        idempotencyKey: key,
        reservationId: null,
        createdAt: placedAt,
        updatedAt: placedAt,
      }),
    );

    const paid = await eventually(
      async () => {
        const { body } = await shop.get<{ status: string; chargeId: string | null }>(`/orders/${orderId}`);
        expect(body).toMatchObject({ status: 'confirmed', chargeId: expect.stringMatching(/^ch_/) });
        return body;
      },
      15_000,
      100,
    );
    const charges = (await shop.charges()).filter((charge) => charge.orderId === orderId);
    expect(charges).toEqual([expect.objectContaining({ chargeId: paid.chargeId, idempotencyKey: key })]);
  }, 30_000);
});
