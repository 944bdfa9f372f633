import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { Redis } from 'ioredis';
import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture, type Answer } from '../support/shop.fixture.js';

type ErrorBody = { error: string; message: string };

// Within the request budget (REQUEST_TIMEOUT_MS, 3 s): a lost Redis is told, not waited out.
const BUDGET_MS = 3_000;

/**
 * Redis lost under the running shop, for real: the fixture's redis-server stopped (SIGSTOP:
 * it hangs, every command times out) or killed (every connection refused). Each route that
 * uses Redis answers 503 with Retry-After, or degrades and still answers; then it all recovers.
 */
describe('Redis down', () => {
  let shop: ShopFixture;
  let revived: EmbeddedRedis | undefined;
  let placedKey: string;
  let placedOrderId: string;

  beforeAll(async () => {
    shop = await ShopFixture.start();
    placedKey = newKey('before');
    const placed = await shop.checkout<{ orderId: string }>(placedKey, order());
    expect(placed.status).toBe(201);
    placedOrderId = placed.body.orderId;
  }, 30_000);

  afterAll(async () => {
    await shop?.stop();
    await revived?.stop();
  });

  function expectStorageUnavailable(answer: Answer): void {
    expect(answer.body).toMatchObject({
      error: 'storage_unavailable',
      message: expect.stringContaining('Storage is unavailable') as string,
    } satisfies ErrorBody);
    expect(answer.status).toBe(503);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answer.ms).toBeLessThan(BUDGET_MS);
  }

  // Every route that touches Redis, while it is gone.
  function itAnswersEveryRouteWithoutRedis(): void {
    it('answers a new checkout 503 storage_unavailable with Retry-After, within the budget', async () => {
      expectStorageUnavailable(await shop.checkout(newKey('down'), order()));
    });

    it('answers the replay of a placed checkout 503 too', async () => {
      expectStorageUnavailable(await shop.checkout(placedKey, order()));
    });

    it('answers GET /orders/:id 503 storage_unavailable with Retry-After', async () => {
      expectStorageUnavailable(await shop.get(`/orders/${placedOrderId}`));
    });

    it('reports not ready, naming redis', async () => {
      const answer = await shop.get('/health/ready');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    });

    it('still serves the live catalog (its cache write fails quietly)', async () => {
      const answer = await shop.get('/catalog/products');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ stale: false, source: 'live' });
    });

    it('answers 503 catalog_unavailable with Retry-After when the catalog fails too and the cache cannot be read', async () => {
      await shop.setFaults('catalog', { mode: 'down' });
      try {
        const answer = await shop.get('/catalog/products');
        expect(answer.body).toMatchObject({ error: 'catalog_unavailable' });
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).not.toBeNull();
      } finally {
        await shop.setFaults('catalog', {});
      }
    });

    it('still answers the liveness probe and /metrics', async () => {
      expect((await shop.get('/health/live')).status).toBe(200);
      expect((await shop.get('/healthz')).status).toBe(200);
      expect((await shop.request('GET', '/metrics')).status).toBe(200);
    });

    it('logs no request as an internal error', () => {
      expect(shop.apiOutput()).not.toContain('internal_error');
      expect(shop.apiOutput()).not.toContain('HttpErrorFilter');
    });
  }

  // After Redis is back: ready again, and a checkout is placed and readable. Each client
  // reconnects on its own backoff (up to 2 s), so the checkout is retried, with its one key,
  // as a client told `Retry-After` would.
  async function expectRecovered(): Promise<void> {
    await eventually(async () => expect((await shop.get('/health/ready')).status).toBe(200), 15_000, 200);
    const key = newKey('after');
    const placed = await eventually(
      async () => {
        const answer = await shop.checkout<{ orderId: string }>(key, order());
        expect(answer.status).toBe(201);
        return answer;
      },
      10_000,
      200,
    );
    expect(await shop.get(`/orders/${placed.body.orderId}`)).toMatchObject({
      status: 200,
      body: { status: 'confirmed' },
    });
  }

  it("starts without BullMQ's maxRetriesPerRequest warning", () => {
    expect(shop.apiOutput()).not.toContain('maxRetriesPerRequest');
  });

  describe('while it hangs (SIGSTOP: commands time out)', () => {
    let pid: number;

    beforeAll(async () => {
      const client = new Redis(shop.redis.url);
      pid = Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
      await client.quit();
      process.kill(pid, 'SIGSTOP');
    });

    afterAll(() => {
      process.kill(pid, 'SIGCONT');
    });

    itAnswersEveryRouteWithoutRedis();

    it('recovers once it runs again', async () => {
      process.kill(pid, 'SIGCONT');
      await expectRecovered();
    }, 30_000);
  });

  describe('while it is gone (killed: connections refused)', () => {
    beforeAll(() => shop.redis.stop());

    itAnswersEveryRouteWithoutRedis();

    it('recovers once a Redis listens on its port again', async () => {
      revived = await startRedis({ port: shop.redis.port });
      await expectRecovered();
    }, 30_000);
  });
});
