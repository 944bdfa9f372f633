import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

const stockOf = async (shop: ShopFixture, sku: string): Promise<number> =>
  ((await (await fetch(`${shop.upstreamUrl('inventory')}/stock/${sku}`)).json()) as { available: number })
    .available;

describe('capture worker', () => {
  describe('when every capture attempt fails', () => {
    let shop: ShopFixture;

    beforeAll(async () => {
      shop = await ShopFixture.start({
        CAPTURE_ATTEMPTS: '2',
        CAPTURE_DELAY_MS: '0',
        CAPTURE_BACKOFF_MS: '100',
        RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '1',
        RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '100',
      });
    });

    afterAll(() => shop?.stop());

    it('marks the order payment_failed after the last attempt and releases its stock reservation', async () => {
      const before = await stockOf(shop, 'KETTLE-01');
      await shop.setFaults('payments', { failRate: 1 });
      const answer = await shop.checkout(newKey('doomed'), order('KETTLE-01', 3));
      expect(answer).toMatchObject({
        status: 202,
        body: { status: 'pending_payment', inventory: 'reserved' },
      });
      expect(await stockOf(shop, 'KETTLE-01')).toBe(before - 3);

      const failed = await eventually(
        async () => {
          const view = await shop.get(`/orders/${answer.body.orderId as string}`);
          expect(view.body).toMatchObject({ status: 'payment_failed' });
          return view.body;
        },
        15_000,
        100,
      );
      expect(failed).toMatchObject({
        attempts: 2,
        inventory: 'released',
        chargeId: null,
        lastError: expect.any(String),
      });
      expect(await stockOf(shop, 'KETTLE-01')).toBe(before);
      await shop.setFaults('payments', { mode: 'up' }); // GET /charges is failed by failRate too
      expect(await shop.charges()).toEqual([]);
    }, 30_000);
  });

  describe('while the payments breaker is open', () => {
    let shop: ShopFixture;

    beforeAll(async () => {
      shop = await ShopFixture.start({
        // The capture first runs 1 s after the checkout (its request budget), breaker open.
        REQUEST_TIMEOUT_MS: '1000',
        CAPTURE_ATTEMPTS: '3',
        CAPTURE_DELAY_MS: '0',
        CAPTURE_BACKOFF_MS: '100',
        RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '1',
        RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '1',
        RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_RESET_TIMEOUT_MS: '4000',
      });
    });

    afterAll(() => shop?.stop());

    it('waits for the breaker instead of spending attempts, then captures once it closes', async () => {
      await shop.setFaults('payments', { failRate: 1 });
      const answer = await shop.checkout(newKey('wait'), order());
      expect(answer).toMatchObject({ status: 202 });
      const calls = (await shop.stats('payments')).total;

      // The capture ran at 1 s; three attempts 100 ms apart would have failed the order by
      // 1.5 s, had they been spent. The breaker stays open until 4 s.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await shop.get(`/orders/${answer.body.orderId as string}`)).body).toMatchObject({
        status: 'pending_payment',
        attempts: 0,
      });
      expect((await shop.stats('payments')).total).toBe(calls);

      await shop.setFaults('payments', { mode: 'up' });
      const confirmed = await eventually(
        async () => {
          const view = await shop.get(`/orders/${answer.body.orderId as string}`);
          expect(view.body).toMatchObject({ status: 'confirmed' });
          return view.body;
        },
        15_000,
        100,
      );
      expect(confirmed.attempts).toBe(1);
      expect((await shop.charges()).filter((c) => c.orderId === answer.body.orderId)).toHaveLength(1);
    }, 30_000);
  });
});
