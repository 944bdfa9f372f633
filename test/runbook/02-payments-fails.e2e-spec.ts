import { newKey, order, serverTimeOf, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 2: payments fails every call.
describe('runbook 2: payments fails every call', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start({
      // Captures wait, so every call payments sees here comes from a checkout.
      CAPTURE_DELAY_MS: '600000',
      RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_RESET_TIMEOUT_MS: '1500',
    });
    expect((await shop.get('/catalog/products')).status).toBe(200);
  });

  afterAll(() => shop?.stop());

  it('opens the breaker after 5 failed checkouts, then queues checkouts in under 50 ms without calling payments, and one probe closes it', async () => {
    await shop.setFaults('payments', { failRate: 1 });
    for (let n = 1; n <= 5; n++) {
      const before = (await shop.stats('payments')).total;
      expect(await shop.checkout(newKey('fail'), order())).toMatchObject({
        status: 202,
        body: { status: 'pending_payment' },
      });
      expect((await shop.stats('payments')).total).toBeGreaterThan(before);
    }

    const callsWhenOpened = (await shop.stats('payments')).total;
    // Timed by the api itself (its Server-Timing), as runbook 6 times its rejections: this test
    // process, on a machine that also runs another e2e file and its processes, adds delays of
    // its own to what it measures (a median of 61 ms from here, twice, in full runs). The median
    // of five: one answer can still be held up by whatever else the machine runs.
    const serverMs: number[] = [];
    for (let n = 0; n < 5; n++) {
      const answer = await shop.checkout(newKey('open'), order());
      expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
      serverMs.push(serverTimeOf(answer));
      // Seen from here too: nowhere near a payments attempt's 2 s timeout.
      expect(answer.ms).toBeLessThan(1_000);
    }
    expect(serverMs.sort((a, b) => a - b)[2]).toBeLessThan(50);
    expect((await shop.stats('payments')).total).toBe(callsWhenOpened);

    await shop.setFaults('payments', { mode: 'up' });
    // Keep checking out until the reset timeout lets a probe through: that probe is the
    // first call payments sees, and its success closes the breaker.
    let probe;
    do {
      probe = await shop.checkout(newKey('probe'), order());
    } while (probe.status === 202);
    expect(probe).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    expect((await shop.stats('payments')).total).toBe(callsWhenOpened + 1);

    expect(await shop.checkout(newKey('closed'), order())).toMatchObject({ status: 201 });
    expect((await shop.stats('payments')).total).toBe(callsWhenOpened + 2);
  }, 60_000);
});
