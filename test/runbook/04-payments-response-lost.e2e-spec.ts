import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 4: payments charges, but the response is lost.
describe('runbook 4: payments charges but the response is lost', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start({ CAPTURE_DELAY_MS: '100', CAPTURE_BACKOFF_MS: '200' });
  });

  afterAll(() => shop?.stop());

  const chargesOf = async (orderId: unknown) => (await shop.charges()).filter((c) => c.orderId === orderId);

  it('a retry after a connection reset reuses the key: 201 and exactly one charge', async () => {
    await shop.setFaults('payments', { resetNext: 1 });
    const answer = await shop.checkout(newKey('reset-once'), order());
    expect(answer).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    expect((await shop.stats('payments')).outcomes.reset).toBe(1);
    const charges = await chargesOf(answer.body.orderId);
    expect(charges).toHaveLength(1);
    expect(answer.body.chargeId).toBe(charges[0].chargeId);
  }, 30_000);

  it('a queued capture after every response was lost reuses the key: confirmed with exactly one charge', async () => {
    await shop.setFaults('payments', { mode: 'reset' });
    const answer = await shop.checkout(newKey('reset-always'), order());
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    expect((await shop.stats('payments')).outcomes.reset).toBeGreaterThan(1);

    await shop.setFaults('payments', { mode: 'up' });
    const confirmed = await eventually(
      async () => {
        const view = await shop.get(`/orders/${answer.body.orderId as string}`);
        expect(view.body).toMatchObject({ status: 'confirmed' });
        return view.body;
      },
      20_000,
      100,
    );
    const charges = await chargesOf(answer.body.orderId);
    expect(charges).toHaveLength(1);
    expect(confirmed.chargeId).toBe(charges[0].chargeId);
  }, 40_000);

  it('a read timeout (payments slower than the attempt timeout) is captured later under the same key: one charge', async () => {
    await shop.setFaults('payments', { latencyMs: 2_600 });
    const answer = await shop.checkout(newKey('slow'), order());
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    expect(answer.ms).toBeLessThan(3_000);
    await shop.setFaults('payments', { mode: 'up' });
    await eventually(
      async () => {
        expect((await shop.get(`/orders/${answer.body.orderId as string}`)).body).toMatchObject({
          status: 'confirmed',
        });
      },
      20_000,
      100,
    );
    expect(await chargesOf(answer.body.orderId)).toHaveLength(1);
  }, 40_000);
});
