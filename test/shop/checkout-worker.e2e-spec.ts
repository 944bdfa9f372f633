import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

const stockOf = async (shop: ShopFixture, sku: string): Promise<number> =>
  ((await (await fetch(`${shop.upstreamUrl('inventory')}/stock/${sku}`)).json()) as { available: number })
    .available;

describe('checkout worker', () => {
  describe('when payments fails or declines every capture', () => {
    let shop: ShopFixture;

    beforeAll(async () => {
      shop = await ShopFixture.start({
        CAPTURE_ATTEMPTS: '2',
        CAPTURE_DELAY_MS: '0',
        CAPTURE_BACKOFF_MS: '100',
        RECONCILE_DELAY_MS: '200',
        RECONCILE_BACKOFF_MS: '100',
        RECONCILE_MAX_BACKOFF_MS: '300',
        RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '1',
        RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '100',
      });
      // Three processes starting on a loaded machine can take longer than Jest's 5 s default.
    }, 60_000);

    afterAll(() => shop?.stop());

    beforeEach(() => shop.setFaults('payments', { mode: 'up' }));

    const view = async (orderId: unknown) => (await shop.get(`/orders/${orderId as string}`)).body;
    const failedOrder = (orderId: unknown) =>
      eventually(
        async () => {
          const order_ = await view(orderId);
          expect(order_).toMatchObject({ status: 'payment_failed' });
          return order_;
        },
        15_000,
        100,
      );

    it('keeps the order pending_payment with its stock while payments cannot say whether it charged, then fails it and releases the stock once payments says it holds no charge', async () => {
      const before = await stockOf(shop, 'KETTLE-01');
      await shop.setFaults('payments', { failRate: 1 });
      const answer = await shop.checkout(newKey('doomed'), order('KETTLE-01', 3));
      expect(answer).toMatchObject({
        status: 202,
        body: { status: 'pending_payment', inventory: 'reserved' },
      });
      expect(await stockOf(shop, 'KETTLE-01')).toBe(before - 3);

      // The checkout's attempt, both capture attempts, then at least two lookups: all refused.
      await eventually(
        async () =>
          expect((await shop.stats('payments')).outcomes.injected_failure).toBeGreaterThanOrEqual(5),
        15_000,
      );
      expect(await view(answer.body.orderId)).toMatchObject({
        status: 'pending_payment',
        attempts: 2,
        inventory: 'reserved',
      });
      expect(await stockOf(shop, 'KETTLE-01')).toBe(before - 3);

      await shop.setFaults('payments', { mode: 'up' });
      expect(await failedOrder(answer.body.orderId)).toMatchObject({
        attempts: 2,
        inventory: 'released',
        chargeId: null,
        lastError: expect.stringContaining('no charge'),
      });
      expect(await stockOf(shop, 'KETTLE-01')).toBe(before);
      expect(await shop.charges()).toEqual([]);
    }, 30_000);

    it('fails the order at its first capture attempt and releases its stock when payments declines the charge', async () => {
      const before = await stockOf(shop, 'GRINDER-04');
      const key = newKey('declined');
      // The checkout's own attempt fails, so the checkout worker takes the order over.
      await shop.setFaults('payments', { failNext: 1 });
      const answer = await shop.checkout(key, order('GRINDER-04', 2));
      expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
      // Another charge under the order's key: payments refuses the capture's with a 422, a definite no.
      const foreign = await fetch(`${shop.upstreamUrl('payments')}/charges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ orderId: 'someone-else', customerId: 'c-9', amountCents: 1 }),
      });
      expect(foreign.status).toBe(201);
      const calls = (await shop.stats('payments')).total;

      expect(await failedOrder(answer.body.orderId)).toMatchObject({
        attempts: 1,
        inventory: 'released',
        chargeId: null,
        lastError: expect.stringContaining('422'),
      });
      expect(await stockOf(shop, 'GRINDER-04')).toBe(before);
      // One capture attempt, no lookup: a rejection needs no question.
      expect((await shop.stats('payments')).total).toBe(calls + 1);
      expect((await shop.charges()).filter((c) => c.orderId === answer.body.orderId)).toEqual([]);
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
    }, 60_000);

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
