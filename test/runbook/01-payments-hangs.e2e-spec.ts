import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 1: payments hangs.
describe('runbook 1: payments hangs', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start({
      CAPTURE_DELAY_MS: '200',
      CAPTURE_BACKOFF_MS: '200',
      RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_RESET_TIMEOUT_MS: '1000',
    });
    expect((await shop.get('/catalog/products')).status).toBe(200);
  });

  afterAll(() => shop?.stop());

  it('answers checkouts 202 within 3 s, keeps /healthz and /catalog fast, then confirms every order with one charge each', async () => {
    await shop.setFaults('payments', { mode: 'hang' });
    const checkouts = Promise.all(
      [1, 2, 3].map((n) => shop.checkout(newKey(`hang-${n}`), order('MUG-02', n))),
    );

    // While the checkouts wait on the hung payments, the rest of the shop answers as usual.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const health = await shop.get('/healthz');
    const catalog = await shop.get('/catalog/products');
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
    expect(health.ms).toBeLessThan(250);
    expect(catalog).toMatchObject({ status: 200, body: { stale: false, source: 'live' } });
    expect(catalog.ms).toBeLessThan(250);

    const answers = await checkouts;
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
      expect(answer.ms).toBeLessThan(3_000);
      expect(answer.headers.get('location')).toBe(`/orders/${answer.body.orderId as string}`);
    }

    await shop.setFaults('payments', { mode: 'up' });
    const orderIds = answers.map((a) => a.body.orderId as string);
    await eventually(
      async () => {
        for (const id of orderIds)
          expect((await shop.get(`/orders/${id}`)).body).toMatchObject({ status: 'confirmed' });
      },
      30_000,
      200,
    );

    const charges = await shop.charges();
    for (const id of orderIds) {
      const mine = charges.filter((c) => c.orderId === id);
      expect(mine).toHaveLength(1);
      expect((await shop.get(`/orders/${id}`)).body).toMatchObject({ chargeId: mine[0].chargeId });
    }
  }, 60_000);
});
