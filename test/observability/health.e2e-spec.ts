import { ShopFixture } from '../support/shop.fixture.js';

describe('health probes', () => {
  let shop: ShopFixture;
  const token = 'health-test-token-01234';

  beforeAll(async () => {
    shop = await ShopFixture.start({ ADMIN_TOKEN: token });
  });

  afterAll(() => shop?.stop(), 15_000);

  it('GET /health/live reports the process up', async () => {
    expect(await shop.get('/health/live')).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { process: { status: 'up' } } },
    });
  });

  it('GET /health/ready reports Redis and the checkout worker up', async () => {
    expect(await shop.get('/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { redis: { status: 'up' }, capture_worker: { status: 'up' } } },
    });
  });

  it('stays ready while a dependency is down and its breaker open: GET /health/dependencies says so instead', async () => {
    await fetch(`${shop.apiUrl}/admin/resilience/payments/state`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'forced_open' }),
    });
    expect((await shop.get('/health/ready')).status).toBe(200);
    const dependencies = await shop.get('/health/dependencies');
    expect(dependencies).toMatchObject({
      status: 200,
      body: {
        status: 'degraded',
        dependencies: {
          payments: {
            status: 'down',
            state: 'forced_open',
            consecutiveFailures: 0,
            bulkhead: { maxConcurrent: 20 },
          },
          catalog: { status: 'up', state: 'closed', failureRate: null, openSince: null, nextProbeAt: null },
          inventory: { status: 'up', state: 'closed', bulkhead: { active: 0, queued: 0, maxConcurrent: 5 } },
        },
      },
    });
  });

  it('answers 503 not ready when Redis is gone, while staying live', async () => {
    await shop.redis.stop();
    const ready = await shop.get('/health/ready');
    expect(ready).toMatchObject({
      status: 503,
      body: { status: 'error', error: { redis: { status: 'down' } }, message: 'Not ready: redis failed.' },
    });
    expect((await shop.get('/health/live')).status).toBe(200);
    expect((await shop.get('/healthz')).status).toBe(200);
  });
});
