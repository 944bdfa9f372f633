import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture, type Stats } from '../support/shop.fixture.js';

// Runbook row 11: a budget set at the api's edge reaches payments.
describe('runbook 11: the edge budget reaches payments', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    // No queued capture within these tests: every request payments sees is a checkout's own.
    shop = await ShopFixture.start({ CAPTURE_DELAY_MS: '60000' });
    expect((await shop.get('/catalog/products')).status).toBe(200);
  });

  afterAll(() => shop?.stop());

  afterEach(() => shop.setFaults('payments', {}));

  const checkoutWithin = (budget: Record<string, string>, key: string) =>
    shop.request('POST', '/checkout', {
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...budget },
      body: JSON.stringify(order()),
    });
  const chargesOf = async (orderId: unknown) => (await shop.charges()).filter((c) => c.orderId === orderId);
  // The charge gets the edge budget less CHECKOUT_RESERVE_MS (500 ms).
  const RESERVE_MS = 500;

  it.each([
    ['X-Request-Timeout-Ms', () => ({ 'x-request-timeout-ms': '1800' })],
    ['X-Request-Deadline', () => ({ 'x-request-deadline': String(Date.now() + 1_800) })],
  ])(
    'a 1.8 s budget in %s reaches payments as both headers, shorter than the 2 s attempt timeout',
    async (_header, budget) => {
      const sentAt = Date.now();
      const answer = await checkoutWithin(budget(), newKey('ample'));
      const answeredAt = Date.now();
      expect(answer).toMatchObject({ status: 201, body: { status: 'confirmed' } });
      const seen = (await shop.stats('payments')).lastDeadlineHeaders ?? {};
      const remainingMs = Number(seen['x-request-timeout-ms']);
      const deadline = Number(seen['x-request-deadline']);
      expect(remainingMs).toBeGreaterThan(0);
      expect(remainingMs).toBeLessThanOrEqual(1_800 - RESERVE_MS);
      // The edge's budget, not the attempt's 2 s timeout: it ends 1.3 s after the checkout came.
      expect(deadline).toBeGreaterThanOrEqual(sentAt + 1_800 - RESERVE_MS - 1);
      expect(deadline).toBeLessThanOrEqual(answeredAt + 1_800 - RESERVE_MS);
    },
    30_000,
  );

  it('payments slower than the edge budget counts the charge expired and makes none for it; the checkout answers 202 within the budget', async () => {
    await shop.setFaults('payments', { latencyMs: 1_500 });
    const before = await shop.stats('payments');
    const answer = await checkoutWithin({ 'x-request-timeout-ms': '1200' }, newKey('short'));
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    expect(answer.ms).toBeLessThan(1_200);

    // Payments answers 504 once its 1.5 s latency is over: by then the 0.7 s budget was spent.
    const after: Stats = await eventually(async () => {
      const stats = await shop.stats('payments');
      expect(stats.outcomes.expired).toBe(before.outcomes.expired + 1);
      return stats;
    }, 10_000);
    // One charge request, not retried past the deadline, carrying what was left of 0.7 s.
    expect(after.total).toBe(before.total + 1);
    expect(Number(after.lastDeadlineHeaders?.['x-request-timeout-ms'])).toBeLessThanOrEqual(
      1_200 - RESERVE_MS,
    );
    expect(await chargesOf(answer.body.orderId)).toHaveLength(0);
  }, 30_000);

  it('a malformed budget header answers 400 invalid_deadline naming it, and reaches no dependency', async () => {
    const before = await shop.stats('payments');
    const answer = await checkoutWithin({ 'x-request-timeout-ms': 'soon' }, newKey('malformed'));
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_deadline' } });
    expect(answer.body.message).toContain('x-request-timeout-ms');
    const read = await shop.request('GET', '/catalog/products', { headers: { 'x-request-deadline': '-1' } });
    expect(read).toMatchObject({ status: 400, body: { error: 'invalid_deadline' } });
    expect((await shop.stats('payments')).total).toBe(before.total);
  }, 30_000);

  it('the same slow payments charges in time under the default 3 s budget: the edge budget made the difference', async () => {
    await shop.setFaults('payments', { latencyMs: 1_500 });
    const before = await shop.stats('payments');
    const answer = await checkoutWithin({}, newKey('default'));
    expect(answer).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    expect((await shop.stats('payments')).outcomes.expired).toBe(before.outcomes.expired);
    expect(await chargesOf(answer.body.orderId)).toHaveLength(1);
  }, 30_000);
});
