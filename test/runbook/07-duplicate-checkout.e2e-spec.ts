import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 7: the same checkout sent twice, and twice concurrently.
describe('runbook 7: the same checkout twice', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start();
  });

  afterAll(() => shop?.stop());

  const chargesOf = async (orderId: unknown) => (await shop.charges()).filter((c) => c.orderId === orderId);

  it('replays the first answer to a sequential duplicate with Idempotent-Replayed: true, one order, one charge', async () => {
    const key = newKey('twice');
    const first = await shop.checkout(key, order());
    const second = await shop.checkout(key, order());
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await chargesOf(first.body.orderId)).toHaveLength(1);
  });

  it('answers 409 idempotency_key_in_use to a concurrent duplicate: one order, one charge', async () => {
    await shop.setFaults('payments', { latencyMs: 300 });
    const key = newKey('concurrent');
    const answers = await Promise.all([shop.checkout(key, order()), shop.checkout(key, order())]);
    await shop.setFaults('payments', { mode: 'up' });
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409]);
    const conflict = answers.find((a) => a.status === 409);
    expect(conflict?.body).toMatchObject({ error: 'idempotency_key_in_use', message: expect.any(String) });
    const placed = answers.find((a) => a.status === 201);
    expect(await chargesOf(placed?.body.orderId)).toHaveLength(1);
  });

  it('answers 422 idempotency_key_mismatch when the key comes back with a different body', async () => {
    const key = newKey('mismatch');
    expect((await shop.checkout(key, order('MUG-02', 1))).status).toBe(201);
    const answer = await shop.checkout(key, order('MUG-02', 3));
    expect(answer).toMatchObject({
      status: 422,
      body: { error: 'idempotency_key_mismatch', message: expect.any(String) },
    });
  });
});
