import { newKey, order, serverTimeOf, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 6: inventory flooded (slow, 50 concurrent requests).
describe('runbook 6: inventory flooded', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start();
    // Warm up: the catalog cache, each pool's first connections, and the JIT.
    expect((await shop.checkout(newKey('warm'), order())).status).toBe(201);
    // 50 at once, so the flood below reuses warm connections instead of timing their setup.
    for (let i = 0; i < 3; i++)
      await Promise.all(Array.from({ length: 50 }, () => shop.get('/inventory/MUG-02')));
  });

  afterAll(() => shop?.stop());

  it('admits 5 calls to a slow inventory and rejects the rest in under 50 ms, while checkouts keep paying at normal speed', async () => {
    // Slow, but inside the 500 ms attempt timeout: the admitted calls succeed, late.
    await shop.setFaults('inventory', { latencyMs: 400 });
    const inventoryBefore = (await shop.stats('inventory')).total;
    const paymentsBefore = (await shop.stats('payments')).outcomes.ok;

    const flood = await Promise.all(
      Array.from({ length: 50 }, () => shop.get<{ estimated: boolean }>('/inventory/MUG-02')),
    );
    const rejected = flood.filter((a) => a.body.estimated);
    const admitted = flood.filter((a) => !a.body.estimated);
    expect(flood.every((a) => a.status === 200)).toBe(true);
    expect(rejected).toHaveLength(45);
    // Rejected in the api in under 50 ms (its Server-Timing), never waiting on the slow inventory.
    for (const answer of rejected) expect(serverTimeOf(answer)).toBeLessThan(50);
    expect(Math.max(...rejected.map((a) => a.ms))).toBeLessThan(400);
    expect(admitted).toHaveLength(5);
    expect((await shop.stats('inventory')).total - inventoryBefore).toBe(5);

    // Flood again and check out meanwhile: payments has its own pool, so checkouts pay at once.
    const flood2 = Promise.all(Array.from({ length: 50 }, () => shop.get('/inventory/MUG-02')));
    const checkouts = [];
    for (let i = 0; i < 5; i++) checkouts.push(await shop.checkout(newKey('during-flood'), order()));
    await flood2;
    for (const answer of checkouts) {
      expect(answer).toMatchObject({ status: 201, body: { status: 'confirmed' } });
      expect(answer.ms).toBeLessThan(500);
    }
    expect((await shop.stats('payments')).outcomes.ok - paymentsBefore).toBe(5);
  }, 30_000);
});
