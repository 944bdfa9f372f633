import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture, type Answer } from '../support/shop.fixture.js';

const ADMIN_TOKEN = 'load-shedding-e2e-admin-token';

// Overload made deterministic: requests held in flight by a hung payments, against thresholds
// of 2 in flight for browsing and 4 for checkout. The event-loop thresholds sit out of reach,
// so a busy test machine cannot shed on its own.
const SHED_ENV = {
  SHED_BROWSE_MAX_IN_FLIGHT: '2',
  SHED_CHECKOUT_MAX_IN_FLIGHT: '4',
  SHED_BROWSE_EVENT_LOOP_DELAY_MS: '60000',
  SHED_CHECKOUT_EVENT_LOOP_DELAY_MS: '60000',
  ADMIN_TOKEN,
  // Load shedding alone: no 429 may stand in for a 503.
  RATE_LIMIT_ENABLED: 'false',
  // A checkout waits 6 s on the hung payments (one attempt), then answers 202: time enough to
  // probe the api while it is held.
  REQUEST_TIMEOUT_MS: '8000',
  RESILIENCE_PAYMENTS_TIMEOUT_MS: '6000',
  RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '1',
};

describe('load shedding by priority', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await ShopFixture.start(SHED_ENV);
    expect((await shop.get('/catalog/products')).status).toBe(200);
  });

  afterAll(() => shop?.stop());

  afterEach(() => shop.setFaults('payments', { mode: 'up' }));

  /** Waits until payments has received `count` charges in all: the checkouts sent them are in flight. */
  const paymentsReceived = (count: number) =>
    eventually(async () => expect((await shop.stats('payments')).total).toBe(count), 10_000, 20);

  const expectOverloaded = (answer: Answer) => {
    expect(answer).toMatchObject({
      status: 503,
      body: { error: 'overloaded', message: expect.stringContaining('overloaded') },
    });
    expect(answer.headers.get('retry-after')).toBe('1');
  };

  /** Every route that is never shed answers 200, however loaded the api. */
  const expectNeverShed = async () => {
    for (const path of ['/healthz', '/health/live', '/health/ready', '/health/dependencies', '/metrics'])
      expect({ path, status: (await shop.get(path)).status }).toEqual({ path, status: 200 });
    const admin = await shop.request('GET', '/admin/resilience', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(admin.status).toBe(200);
  };

  it('sheds browsing first and checkout only at a higher load, never probes, metrics or admin, and calls no dependency for a shed request', async () => {
    const placed = await shop.checkout(newKey('before'), order());
    expect(placed.status).toBe(201);
    const orderPath = `/orders/${placed.body.orderId as string}`;
    const received = (await shop.stats('payments')).total;

    await shop.setFaults('payments', { mode: 'hang' });
    const held = [1, 2].map((n) => shop.checkout(newKey(`held-${n}`), order('MUG-02', n)));
    await paymentsReceived(received + 2);

    // Two in flight: each browsing request is the third, past browsing's 2; checkout's 4 is not reached.
    const catalogCalls = (await shop.stats('catalog')).total;
    const inventoryCalls = (await shop.stats('inventory')).total;
    for (const path of ['/catalog/products', '/catalog/products/MUG-02', '/inventory/MUG-02'])
      expectOverloaded(await shop.get(path));
    expect((await shop.stats('catalog')).total).toBe(catalogCalls);
    expect((await shop.stats('inventory')).total).toBe(inventoryCalls);
    expect(await shop.get(orderPath)).toMatchObject({ status: 200, body: { status: 'confirmed' } });
    await expectNeverShed();

    // Two more checkouts are served (the third and fourth in flight, within checkout's 4)...
    held.push(...[3, 4].map((n) => shop.checkout(newKey(`held-${n}`), order('MUG-02', n))));
    await paymentsReceived(received + 4);

    // ...and with four in flight, checkout is refused too, before its key is claimed or payments called.
    const shedKey = newKey('shed');
    expectOverloaded(await shop.checkout(shedKey, order()));
    expectOverloaded(await shop.get(orderPath));
    expect((await shop.stats('payments')).total).toBe(received + 4);
    await expectNeverShed();

    // The held checkouts were served: payments never answered, so they are queued.
    for (const answer of await Promise.all(held))
      expect(answer).toMatchObject({ status: 202, body: { status: 'pending_payment' } });

    // The overload over, everything is served again, and the refused key places its order.
    await shop.setFaults('payments', { mode: 'up' });
    expect((await shop.get('/catalog/products')).status).toBe(200);
    expect((await shop.checkout(shedKey, order())).status).toBe(201);

    const metrics = (await shop.get<string>('/metrics')).body;
    const shed = (route: string) =>
      Number(new RegExp(`^http_shed_total\\{route="${route}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect({
      '/catalog/products': shed('/catalog/products'),
      '/catalog/products/:sku': shed('/catalog/products/:sku'),
      '/inventory/:sku': shed('/inventory/:sku'),
      '/checkout': shed('/checkout'),
      '/orders/:id': shed('/orders/:id'),
      '/healthz': shed('/healthz'),
      '/metrics': shed('/metrics'),
    }).toEqual({
      '/catalog/products': 1,
      '/catalog/products/:sku': 1,
      '/inventory/:sku': 1,
      '/checkout': 1,
      '/orders/:id': 1,
      '/healthz': 0,
      '/metrics': 0,
    });
    expect(metrics).toMatch(/^nodejs_eventloop_delay_seconds \d/m);
    // This scrape is the one request in flight.
    expect(metrics).toMatch(/^http_server_requests_in_flight 1$/m);
  }, 60_000);

  it('stops counting a request whose client gave up, so browsing is served again without waiting for its work to end', async () => {
    const received = (await shop.stats('payments')).total;
    await shop.setFaults('payments', { mode: 'hang' });
    const clients = [1, 2].map(() => new AbortController());
    const held = clients.map((client, n) =>
      fetch(`${shop.apiUrl}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey(`gave-up-${n}`) },
        body: JSON.stringify(order()),
        signal: client.signal,
      }).catch(() => 'gave up'),
    );
    await paymentsReceived(received + 2);
    expectOverloaded(await shop.get('/catalog/products'));

    for (const client of clients) client.abort();
    expect(await Promise.all(held)).toEqual(['gave up', 'gave up']);
    // Well within the 6 s the abandoned checkouts still wait on payments.
    const served = await eventually(
      async () => {
        const answer = await shop.get('/catalog/products');
        expect(answer.status).toBe(200);
        return answer;
      },
      3_000,
      20,
    );
    expect(served.body).toMatchObject({ source: 'live' });
  }, 30_000);
});
