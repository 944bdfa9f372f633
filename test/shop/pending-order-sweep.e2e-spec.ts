import { Redis } from 'ioredis';
import { orderIdOf } from '../../apps/api/src/checkout/checkout-identity.util.js';
import { RedisOrderRepository } from '../../apps/api/src/orders/redis-order.repository.js';
import { eventually } from '../support/eventually.js';
import { aPendingOrder } from '../support/order.fixture.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

/**
 * A checkout stores its order, then charges it, and queues a capture only when payments gave
 * no answer: when the api dies (or Redis goes away) before it settles the order, the stored
 * order has no capture to come. The worker's sweep finds it and has it paid, once.
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

  /** Waits for the order to be confirmed, then checks payments holds exactly its one charge, under `key`. */
  async function expectConfirmedWithOneCharge(orderId: string, key: string): Promise<void> {
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
  }

  it('captures an order stored by a checkout that died before settling it, with exactly one charge', async () => {
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

    await expectConfirmedWithOneCharge(orderId, key);
  }, 30_000);

  it('captures the order of an api killed (SIGKILL) while its charge was in flight, with exactly one charge', async () => {
    // An api of its own, with the default request budget: its charge may take 2.3 s.
    const doomed = await shop.startAnotherApi({ ROLE: 'api' });
    await shop.setFaults('payments', { latencyMs: 1_500 });
    const key = newKey('killed');
    const orderId = orderIdOf(key);
    void fetch(`${doomed.url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(order()),
    }).catch(() => undefined); // its connection dies with the api
    const orders = new RedisOrderRepository(redis);
    await eventually(async () => expect(await orders.get(orderId)).toBeDefined(), 5_000, 10);
    process.kill(doomed.pid, 'SIGKILL');
    await shop.setFaults('payments', {});

    // The killed api's charge may have reached payments; the capture's, under the same key, is the same one.
    await expectConfirmedWithOneCharge(orderId, key);
  }, 30_000);
});
