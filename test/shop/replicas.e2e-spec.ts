import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

const TOKEN = 'replicas-admin-token';
const FAILURE_THRESHOLD = 5;

interface Replica {
  name: string;
  url: string;
}

interface Answer {
  status: number;
  ms: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function send(replica: Replica, path: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${replica.url}${path}`, init);
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  return { status: response.status, ms: performance.now() - started, headers: response.headers, body };
}

const checkout = (replica: Replica, label: string): Promise<Answer> =>
  send(replica, '/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey(label) },
    body: JSON.stringify(order()),
  });

async function paymentsState(replica: Replica): Promise<string> {
  const { body } = await send(replica, '/health/dependencies');
  return (body.dependencies as Record<string, { state: string }>).payments.state;
}

/**
 * Two api replicas and two capture workers on one real Redis, with real upstreams: the
 * breakers are shared (BREAKER_STORE=redis, the default), so the replicas trip as one and an
 * operator's override on either reaches both; while Redis is down both answer checkouts with a
 * quick 503 and both sell again once it returns.
 */
describe('two api replicas and two workers on one Redis', () => {
  let shop: ShopFixture;
  let replicas: Replica[];

  beforeAll(async () => {
    const env = {
      ROLE: 'api',
      ADMIN_TOKEN: TOKEN,
      // Captures wait, so every call payments sees here comes from a checkout.
      CAPTURE_DELAY_MS: '600000',
      // One call per checkout: payments' request count is the breaker's call count.
      RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '1',
      RESILIENCE_PAYMENTS_CIRCUIT_BREAKER_RESET_TIMEOUT_MS: '60000',
    };
    shop = await ShopFixture.start(env);
    const second = await shop.startAnotherApi(env);
    await Promise.all([shop.startAnotherApi({ ROLE: 'worker' }), shop.startAnotherApi({ ROLE: 'worker' })]);
    replicas = [
      { name: 'api-1', url: shop.apiUrl },
      { name: 'api-2', url: second.url as string },
    ];
  }, 90_000);

  afterAll(() => shop?.stop());

  afterEach(async () => {
    await shop.setFaults('payments', { mode: 'up' });
    for (const replica of replicas) {
      await send(replica, '/admin/resilience/payments/state', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'closed' }),
      });
    }
  });

  it(`trips both replicas' payments breakers after at most ${FAILURE_THRESHOLD} + 2 calls reach payments, spread over both`, async () => {
    await shop.setFaults('payments', { failRate: 1 });
    const before = (await shop.stats('payments')).total;
    // Round-robin, as a balancer would, until every replica rejects without calling payments.
    for (let n = 0; n < 40; n++) {
      const answer = await checkout(replicas[n % 2], 'trip');
      expect(answer.status).toBe(202);
      const states = await Promise.all(replicas.map(paymentsState));
      if (states.every((state) => state === 'open')) break;
    }
    const reached = (await shop.stats('payments')).total - before;
    process.stdout.write(`replicas: payments received ${reached} calls before both breakers were open\n`);
    expect(await Promise.all(replicas.map(paymentsState))).toEqual(['open', 'open']);
    expect(reached).toBeGreaterThanOrEqual(FAILURE_THRESHOLD);
    expect(reached).toBeLessThanOrEqual(FAILURE_THRESHOLD + 2);

    for (const replica of replicas) {
      const answer = await checkout(replica, 'open');
      expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    }
    expect((await shop.stats('payments')).total - before).toBe(reached);
  }, 60_000);

  it('applies one forced_open through either replica to both within one second, and one closed lifts it on both', async () => {
    const [first, second] = replicas;
    const forced = await send(first, '/admin/resilience/payments/state', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'forced_open' }),
    });
    expect(forced.status).toBeLessThan(300);
    await eventually(async () => expect(await paymentsState(second)).toBe('forced_open'), 1_000, 20);

    const lifted = await send(second, '/admin/resilience/payments/state', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'closed' }),
    });
    expect(lifted.status).toBeLessThan(300);
    await eventually(async () => expect(await paymentsState(first)).toBe('closed'), 1_000, 20);
  });

  it('answers checkouts on both replicas with 503 storage_unavailable within 1 s while Redis is down, and 201 within 10 s of its return', async () => {
    const placed = await checkout(replicas[0], 'before');
    expect(placed.status).toBe(201);
    const chargesBefore = (await shop.charges()).length;

    await shop.redis.kill('SIGKILL');
    for (const replica of replicas) {
      for (let n = 0; n < 3; n++) {
        const answer = await checkout(replica, 'outage');
        expect(answer).toMatchObject({ status: 503, body: { error: 'storage_unavailable' } });
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(answer.ms).toBeLessThan(1_000);
      }
      expect((await send(replica, '/health/live')).status).toBe(200);
      expect((await send(replica, '/health/ready')).status).toBe(503);
    }
    // Nothing half-written: no charge for a checkout that could not store its order.
    expect((await shop.charges()).length).toBe(chargesBefore);

    await shop.redis.restart();
    const returnedAt = Date.now();
    for (const replica of replicas) {
      await eventually(async () => expect((await checkout(replica, 'after')).status).toBe(201), 10_000, 100);
    }
    expect(Date.now() - returnedAt).toBeLessThan(10_000);
    const kept = await send(replicas[1], `/orders/${String(placed.body.orderId)}`);
    expect(kept).toMatchObject({ status: 200, body: { status: 'confirmed' } });
  }, 60_000);
});
