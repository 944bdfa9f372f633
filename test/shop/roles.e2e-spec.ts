import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

describe('ROLE=api and ROLE=worker', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start({ ROLE: 'api', CAPTURE_DELAY_MS: '0', CAPTURE_BACKOFF_MS: '100' });
  });

  afterAll(() => shop?.stop());

  it('an api-only process queues captures without running them; a worker-only process captures them and serves only probes and metrics', async () => {
    await shop.setFaults('payments', { mode: 'down' });
    const answer = await shop.checkout(newKey('roles'), order());
    expect(answer).toMatchObject({ status: 202 });
    await shop.setFaults('payments', { mode: 'up' });

    // No worker yet: the job waits in the queue however long we look.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await shop.get(`/orders/${answer.body.orderId as string}`)).body).toMatchObject({
      status: 'pending_payment',
    });

    const worker = await shop.startAnotherApi({ ROLE: 'worker' });
    // A worker serves probes and metrics, never the shop.
    expect((await fetch(`${worker.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${worker.url}/catalog/products`)).status).toBe(404);
    await eventually(
      async () => {
        expect((await shop.get(`/orders/${answer.body.orderId as string}`)).body).toMatchObject({
          status: 'confirmed',
          attempts: 1,
        });
      },
      15_000,
      100,
    );
    expect((await shop.charges()).filter((c) => c.orderId === answer.body.orderId)).toHaveLength(1);
  }, 30_000);
});
