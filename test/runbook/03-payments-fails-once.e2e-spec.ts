import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 3: payments fails once (transient).
describe('runbook 3: payments fails once', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start();
  });

  afterAll(() => shop?.stop());

  it('retries the transient failure and answers 201 with exactly one charge', async () => {
    await shop.setFaults('payments', { failNext: 1 });
    const answer = await shop.checkout(newKey('once'), order());
    expect(answer).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    const stats = await shop.stats('payments');
    expect(stats.outcomes).toMatchObject({ injected_failure: 1, ok: 1 });
    const charges = (await shop.charges()).filter((c) => c.orderId === answer.body.orderId);
    expect(charges).toHaveLength(1);
    expect(answer.body.chargeId).toBe(charges[0].chargeId);
  }, 30_000);
});
