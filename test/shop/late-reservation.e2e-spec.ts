import { eventually } from '../support/eventually.js';
import { newKey, ShopFixture } from '../support/shop.fixture.js';

const stockOf = async (shop: ShopFixture, sku: string): Promise<number> =>
  ((await (await fetch(`${shop.upstreamUrl('inventory')}/stock/${sku}`)).json()) as { available: number })
    .available;

// Another buyer takes every unit of `sku` left, straight at inventory.
async function sellOut(shop: ShopFixture, sku: string): Promise<void> {
  const response = await fetch(`${shop.upstreamUrl('inventory')}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      orderId: `other-buyer-${sku}`,
      items: [{ sku, quantity: await stockOf(shop, sku) }],
    }),
  });
  if (response.status !== 201)
    throw new Error(`selling out ${sku}: ${response.status} ${await response.text()}`);
}

/**
 * Orders sold while inventory could not answer (`inventory: "unconfirmed"`) get their stock
 * reserved later by the worker, once per order, or are marked `short` when the stock is gone.
 */
describe('late inventory reservations', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start({
      RESERVATION_BACKOFF_MS: '200',
      // Inventory's failures here must not open its breaker: the retries are what is tested.
      RESILIENCE_INVENTORY_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '1000',
    });
  }, 60_000);

  afterAll(() => shop?.stop());

  const orderView = async (orderId: string) => (await shop.get(`/orders/${orderId}`)).body;
  const inventoryOf = (orderId: string, inventory: string) =>
    eventually(
      async () => {
        const view = await orderView(orderId);
        expect(view).toMatchObject({ inventory });
        return view;
      },
      15_000,
      100,
    );

  it('reserves the stock of an order sold while inventory was down once inventory is back, once even when the first answer is lost', async () => {
    const before = await stockOf(shop, 'KETTLE-01');
    await shop.setFaults('inventory', { mode: 'down' });
    const answer = await shop.checkout<{ orderId: string }>(newKey('late'), {
      customerId: 'c-1',
      items: [{ sku: 'KETTLE-01', quantity: 3 }],
    });
    expect(answer).toMatchObject({ status: 201, body: { status: 'confirmed', inventory: 'unconfirmed' } });
    // Still down across at least one retry of the reservation job (200 ms, doubling).
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await orderView(answer.body.orderId)).toMatchObject({ inventory: 'unconfirmed' });

    // Back, but the first reservation's answer is lost after inventory made it: the rerun
    // under the same orderId gets that reservation back instead of taking the stock twice.
    await shop.setFaults('inventory', { resetNext: 1 });
    const reserved = await inventoryOf(answer.body.orderId, 'reserved');
    expect(reserved).toMatchObject({ status: 'confirmed', reservationId: expect.stringMatching(/^res_/) });
    expect((await shop.stats('inventory')).outcomes.reset).toBe(1);
    expect(await stockOf(shop, 'KETTLE-01')).toBe(before - 3);
  }, 30_000);

  it('marks the order inventory "short", counts it and logs it when inventory no longer has the stock', async () => {
    // Another buyer took the last units; then inventory goes down and the shop sells one more.
    await shop.setFaults('inventory', {});
    await sellOut(shop, 'GRINDER-04');
    await shop.setFaults('inventory', { mode: 'down' });
    const answer = await shop.checkout<{ orderId: string }>(newKey('short'), {
      customerId: 'c-2',
      items: [{ sku: 'GRINDER-04', quantity: 2 }],
    });
    expect(answer).toMatchObject({ status: 201, body: { inventory: 'unconfirmed' } });

    await shop.setFaults('inventory', {});
    expect(await inventoryOf(answer.body.orderId, 'short')).toMatchObject({ reservationId: null });
    expect(await stockOf(shop, 'GRINDER-04')).toBe(0);
    const metrics = await (await fetch(`${shop.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^inventory_shortfalls_total 1$/m);
    expect(shop.apiOutput()).toMatch(new RegExp(`order ${answer.body.orderId} .*marked inventory .*short`));
  }, 30_000);
});
