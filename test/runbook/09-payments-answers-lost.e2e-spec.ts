import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture, type Stats } from '../support/shop.fixture.js';

const CAPTURE_ATTEMPTS = 2;

/** The value of `name{outcome="<outcome>"}` in the api's /metrics, 0 before the first. */
async function reconciliations(shop: ShopFixture, outcome: string): Promise<number> {
  const text = (await shop.request('GET', '/metrics')).body as unknown as string;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`payment_reconciliations_total{outcome="${outcome}"}`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

// Runbook row 9: payments charges, and every capture attempt's answer is lost.
describe('runbook 9: payments charges but every capture answer is lost', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start({
      // The capture's first attempt runs 1 s after the checkout, its second 100-200 ms later.
      REQUEST_TIMEOUT_MS: '1000',
      CAPTURE_DELAY_MS: '0',
      CAPTURE_ATTEMPTS: String(CAPTURE_ATTEMPTS),
      CAPTURE_BACKOFF_MS: '100',
      // One request per attempt, so the faults below count them exactly.
      RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '1',
      RESILIENCE_PAYMENTS_TIMEOUT_MS: '500',
      RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_RESET_TIMEOUT_MS: '1000',
      RECONCILE_DELAY_MS: '300',
      RECONCILE_BACKOFF_MS: '100',
      RECONCILE_MAX_BACKOFF_MS: '500',
    });
    // Three processes starting on a loaded machine can take longer than Jest's 5 s default.
  }, 60_000);

  afterAll(() => shop?.stop());

  beforeEach(() => shop.setFaults('payments', { mode: 'up' }));

  const view = async (orderId: unknown) => (await shop.get(`/orders/${orderId as string}`)).body;
  const stockOf = async (sku: string): Promise<number> =>
    ((await (await fetch(`${shop.upstreamUrl('inventory')}/stock/${sku}`)).json()) as { available: number })
      .available;
  const chargesUnder = async (key: string) => (await shop.charges()).filter((c) => c.idempotencyKey === key);
  const spentEveryAttempt = (orderId: unknown) =>
    eventually(async () => expect(await view(orderId)).toMatchObject({ attempts: CAPTURE_ATTEMPTS }), 15_000);
  const confirmed = (orderId: unknown) =>
    eventually(
      async () => {
        const order = await view(orderId);
        expect(order).toMatchObject({ status: 'confirmed' });
        return order;
      },
      20_000,
      100,
    );
  const delta = (after: Stats, before: Stats, outcome: keyof Stats['outcomes']) =>
    after.outcomes[outcome] - before.outcomes[outcome];

  it('asks payments after the last lost answer and confirms the order with its one charge', async () => {
    // Characters a query string must escape: the key travels in one.
    const key = newKey('lost&=+%#?/answers');
    const before = await shop.stats('payments');
    const found = await reconciliations(shop, 'confirmed');
    // The checkout's charge and both capture attempts' charges: handled, their answers dropped.
    await shop.setFaults('payments', { resetNext: 1 + CAPTURE_ATTEMPTS });
    const answer = await shop.checkout(key, order('MUG-02', 1));
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });

    const order_ = await confirmed(answer.body.orderId);
    expect(order_).toMatchObject({ attempts: CAPTURE_ATTEMPTS, inventory: 'reserved' });
    expect(delta(await shop.stats('payments'), before, 'reset')).toBe(1 + CAPTURE_ATTEMPTS);
    const charges = await chargesUnder(key);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ orderId: answer.body.orderId, chargeId: order_.chargeId });
    expect(await reconciliations(shop, 'confirmed')).toBe(found + 1);
  }, 30_000);

  it('fails an order whose every attempt timed out before payments handled it only once payments says it holds no charge', async () => {
    const key = newKey('lost-timeouts');
    const stock = await stockOf('MUG-02');
    // Slower than the 500 ms attempt timeout: every request, lookups included, is abandoned
    // (the simulator drops a request whose client left during its latency: nothing is charged).
    await shop.setFaults('payments', { latencyMs: 800 });
    const answer = await shop.checkout(key, order('MUG-02', 1));
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    await spentEveryAttempt(answer.body.orderId);
    const unanswered = await reconciliations(shop, 'unanswered');
    await eventually(
      async () => expect(await reconciliations(shop, 'unanswered')).toBeGreaterThan(unanswered),
      15_000,
    );
    expect(await view(answer.body.orderId)).toMatchObject({
      status: 'pending_payment',
      inventory: 'reserved',
    });
    expect(await stockOf('MUG-02')).toBe(stock - 1);

    await shop.setFaults('payments', { mode: 'up' });
    const failed = await eventually(
      async () => {
        const order_ = await view(answer.body.orderId);
        expect(order_).toMatchObject({ status: 'payment_failed' });
        return order_;
      },
      20_000,
      100,
    );
    expect(failed).toMatchObject({ chargeId: null, inventory: 'released', attempts: CAPTURE_ATTEMPTS });
    expect(await stockOf('MUG-02')).toBe(stock);
    expect(await chargesUnder(key)).toEqual([]);
  }, 40_000);

  it('keeps the order pending with its stock while payments cannot answer the lookup, and confirms it once payments is back', async () => {
    const key = newKey('lookup-down');
    await shop.setFaults('payments', { mode: 'reset' });
    const answer = await shop.checkout(key, order('MUG-02', 1));
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    await spentEveryAttempt(answer.body.orderId);

    // Now payments refuses connections: every lookup fails, and the reconciler keeps asking.
    await shop.setFaults('payments', { mode: 'down' });
    const unanswered = await reconciliations(shop, 'unanswered');
    await eventually(
      async () => expect(await reconciliations(shop, 'unanswered')).toBeGreaterThanOrEqual(unanswered + 2),
      15_000,
    );
    expect(await view(answer.body.orderId)).toMatchObject({
      status: 'pending_payment',
      inventory: 'reserved',
      chargeId: null,
    });

    await shop.setFaults('payments', { mode: 'up' });
    const order_ = await confirmed(answer.body.orderId);
    const charges = await chargesUnder(key);
    expect(charges).toHaveLength(1);
    expect(order_).toMatchObject({ chargeId: charges[0].chargeId, inventory: 'reserved' });
  }, 40_000);
});
