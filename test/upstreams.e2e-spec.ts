import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  startUpstreams,
  type DependencyName,
  type FaultSettings,
  type RunningUpstreams,
  type StatsSnapshot,
} from '../apps/upstreams/src/index.js';

// The compiled entry point, as `npm run start:upstreams` runs it; `npm test` builds it first.
const MAIN = fileURLToPath(new URL('../dist/apps/upstreams/src/main.js', import.meta.url));
const FREE_PORTS = { admin: 0, catalog: 0, inventory: 0, payments: 0 };
const HEALTHY = { latencyMs: 0, jitterMs: 0, failRate: 0, mode: 'up' };

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

let upstreams: RunningUpstreams;
let keys = 0;
const newKey = () => `key-${++keys}`;
const chargeBody = (orderId = `order-${keys}`) => ({ orderId, customerId: 'cust-1', amountCents: 1_450 });

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {},
): Promise<Answer> {
  const headers = {
    ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...init.headers,
  };
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : JSON.stringify(init.body);
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body, signal: init.signal });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : JSON.parse(text) };
}

const at = (listener: keyof RunningUpstreams['urls'], path: string) => `${upstreams.urls[listener]}${path}`;
const setFaults = (dependency: string, faults: Partial<FaultSettings> | string) =>
  call(at('admin', `/__faults/${dependency}`), { method: 'PUT', body: faults });
const statsOf = async (dependency: DependencyName) =>
  (await call(at('admin', `/__stats/${dependency}`))).body as unknown as StatsSnapshot;
const charges = async () => (await call(at('payments', '/charges'))).body.charges as Json[];
const charge = (key: string | undefined, body: unknown = chargeBody()) =>
  call(at('payments', '/charges'), {
    method: 'POST',
    headers: key === undefined ? {} : { 'idempotency-key': key },
    body,
  });

/** One request on a connection of its own (no keep-alive pool), failing with Node's own socket errors. */
function rawRequest(
  url: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(url, {
      method,
      agent: false,
      headers: payload ? { ...headers, 'content-type': 'application/json' } : headers,
    });
    req.once('response', (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    req.once('error', reject);
    req.end(payload);
  });
}

/** A raw connection that has had one keep-alive request answered and stays open. */
async function keptAliveSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.write('GET /charges HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  await answered;
  return socket;
}

beforeAll(async () => {
  upstreams = await startUpstreams({ ports: FREE_PORTS });
});

afterAll(() => upstreams?.close());

afterEach(async () => {
  for (const dependency of ['catalog', 'inventory', 'payments']) await setFaults(dependency, {});
});

describe('startUpstreams', () => {
  it('binds four distinct OS-chosen ports on 127.0.0.1 when asked for port 0', () => {
    const ports = Object.values(upstreams.ports);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) expect(port).toBeGreaterThan(0);
    expect(upstreams.urls.catalog).toBe(`http://127.0.0.1:${upstreams.ports.catalog}`);
  });

  it('starts a dependency in the mode the options give, with its port still reserved', async () => {
    const other = await startUpstreams({ ports: FREE_PORTS, faults: { payments: { mode: 'down' } } });
    try {
      await expect(rawRequest(`${other.urls.payments}/charges`)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      expect(other.ports.payments).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('rejects bad fault options before it listens', async () => {
    await expect(startUpstreams({ ports: FREE_PORTS, faults: { catalog: { failRate: 2 } } })).rejects.toThrow(
      'failRate must be a number from 0 to 1',
    );
  });
});

describe('catalog', () => {
  it('lists the seeded products with integer EUR prices', async () => {
    const { status, body } = await call(at('catalog', '/products'));
    expect(status).toBe(200);
    expect(body.products).toHaveLength(8);
    for (const product of body.products as Json[]) {
      expect(product).toEqual({
        sku: expect.any(String),
        name: expect.any(String),
        priceCents: expect.any(Number),
        currency: 'EUR',
      });
      expect(Number.isInteger(product.priceCents)).toBe(true);
    }
  });

  it('finds a product by sku', async () => {
    const { status, body } = await call(at('catalog', '/products/KETTLE-01'));
    expect(status).toBe(200);
    expect(body.product).toMatchObject({ sku: 'KETTLE-01', currency: 'EUR' });
  });

  it('answers 404 product_not_found for an unknown sku', async () => {
    expect(await call(at('catalog', '/products/NOPE-99'))).toMatchObject({
      status: 404,
      body: { error: 'product_not_found', message: expect.any(String) },
    });
  });

  it('answers 404 not_found for an unknown route', async () => {
    expect(await call(at('catalog', '/nothing/here'))).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'no route for GET /nothing/here' },
    });
  });
});

describe('inventory', () => {
  const available = async (sku: string) =>
    (await call(at('inventory', `/stock/${sku}`))).body.available as number;
  const reserve = (body: unknown) => call(at('inventory', '/reservations'), { method: 'POST', body });

  it('answers the stock of a sku, seeded with 1,000,000 by default', async () => {
    expect(await call(at('inventory', '/stock/SCALE-05'))).toMatchObject({
      status: 200,
      body: { sku: 'SCALE-05', available: 1_000_000 },
    });
  });

  it('reserves with 201 and takes the quantities off the stock', async () => {
    const before = await available('MUG-02');
    const { status, body } = await reserve({ orderId: 'o-1', items: [{ sku: 'MUG-02', quantity: 3 }] });
    expect(status).toBe(201);
    expect(body).toEqual({
      reservationId: expect.any(String),
      items: [{ sku: 'MUG-02', quantity: 3 }],
      createdAt: expect.any(String),
    });
    expect(await available('MUG-02')).toBe(before - 3);
  });

  it('answers 409 insufficient_stock and takes nothing when one item lacks stock', async () => {
    const [mugs, kettles] = [await available('MUG-02'), await available('KETTLE-01')];
    const answer = await reserve({
      items: [
        { sku: 'MUG-02', quantity: 1 },
        { sku: 'KETTLE-01', quantity: 2_000_000 },
      ],
    });
    expect(answer).toMatchObject({ status: 409, body: { error: 'insufficient_stock' } });
    expect([await available('MUG-02'), await available('KETTLE-01')]).toEqual([mugs, kettles]);
  });

  it('answers 404 product_not_found for an unknown sku, in a reservation or a stock query', async () => {
    expect((await reserve({ items: [{ sku: 'NOPE-99', quantity: 1 }] })).body.error).toBe(
      'product_not_found',
    );
    expect((await call(at('inventory', '/stock/NOPE-99'))).status).toBe(404);
  });

  it.each([
    [{}, 'items must be an array of 1 to 100 items'],
    [{ items: [] }, 'items must be an array of 1 to 100 items'],
    [{ items: [{ sku: 'MUG-02', quantity: 0 }] }, 'items.0.quantity must be an integer from 1 to 1000000000'],
    [
      { items: [{ sku: 'MUG-02', quantity: 1.5 }] },
      'items.0.quantity must be an integer from 1 to 1000000000',
    ],
    [{ items: [{ quantity: 1 }] }, 'items.0.sku must be a non-empty string'],
    [{ items: ['MUG-02'] }, 'items must hold only objects'],
    [{ orderId: 7, items: [{ sku: 'MUG-02', quantity: 1 }] }, 'orderId must be a non-empty string'],
  ])('answers 400 invalid_request for %j', async (body, message) => {
    expect(await reserve(body)).toMatchObject({ status: 400, body: { error: 'invalid_request', message } });
  });

  it('answers 400 invalid_json for a body that does not parse', async () => {
    expect(await reserve('{"items": [')).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
  });

  it('releases a reservation with 204, gives its stock back once, and answers 404 the second time', async () => {
    const before = await available('TEAPOT-03');
    const { reservationId } = (await reserve({ items: [{ sku: 'TEAPOT-03', quantity: 5 }] })).body;
    const release = () => call(at('inventory', `/reservations/${reservationId}`), { method: 'DELETE' });
    expect((await release()).status).toBe(204);
    expect(await release()).toMatchObject({ status: 404, body: { error: 'reservation_not_found' } });
    expect(await available('TEAPOT-03')).toBe(before);
  });
});

describe('payments', () => {
  it('charges with 201 and lists and finds the charge', async () => {
    const key = newKey();
    const { status, body } = await charge(key, chargeBody('order-a'));
    expect(status).toBe(201);
    expect(body).toEqual({
      chargeId: expect.any(String),
      orderId: 'order-a',
      customerId: 'cust-1',
      amountCents: 1_450,
      currency: 'EUR',
      status: 'succeeded',
      idempotencyKey: key,
      createdAt: expect.any(String),
    });
    expect((await charges()).at(-1)).toEqual(body);
    expect((await call(at('payments', `/charges/${body.chargeId}`))).body).toEqual(body);
  });

  it('replays the same charge with 200 and Idempotent-Replayed: true when the key comes again', async () => {
    const key = newKey();
    const first = await charge(key);
    const count = (await charges()).length;
    const again = await charge(key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await charges()).toHaveLength(count);
  });

  it('answers 422 idempotency_key_mismatch when the key comes again with another amount or order', async () => {
    const key = newKey();
    await charge(key, chargeBody('order-m'));
    expect((await charge(key, { ...chargeBody('order-m'), amountCents: 999 })).body.error).toBe(
      'idempotency_key_mismatch',
    );
    expect((await charge(key, chargeBody('order-other'))).status).toBe(422);
  });

  it('makes exactly one charge for 20 concurrent requests with one key', async () => {
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => charge(key, chargeBody('order-concurrent'))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect((await charges()).filter((c) => c.idempotencyKey === key)).toHaveLength(1);
  });

  it('answers 400 idempotency_key_required without the header, even when the body is wrong too', async () => {
    expect(await charge(undefined)).toMatchObject({
      status: 400,
      body: { error: 'idempotency_key_required' },
    });
    expect((await charge(undefined, {})).body.error).toBe('idempotency_key_required');
  });

  it.each([
    [{ customerId: 'c', amountCents: 1 }, 'orderId must be a non-empty string'],
    [{ orderId: 'o', amountCents: 1 }, 'customerId must be a non-empty string'],
    [
      { orderId: 'o', customerId: 'c', amountCents: 0 },
      'amountCents must be an integer from 1 to 9007199254740991',
    ],
    [
      { orderId: 'o', customerId: 'c', amountCents: 9.99 },
      'amountCents must be an integer from 1 to 9007199254740991',
    ],
    [
      { orderId: 'o', customerId: 'c', amountCents: '100' },
      'amountCents must be an integer from 1 to 9007199254740991',
    ],
    [{ orderId: 'o', customerId: 'c', amountCents: 100, currency: 'USD' }, 'currency must be one of EUR'],
  ])('answers 400 invalid_request for %j', async (body, message) => {
    expect(await charge(newKey(), body)).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', message },
    });
  });

  it('answers 404 charge_not_found for an unknown charge id', async () => {
    expect(await call(at('payments', '/charges/ch_nope'))).toMatchObject({
      status: 404,
      body: { error: 'charge_not_found' },
    });
  });

  describe('GET /charges?idempotencyKey=', () => {
    const lookUp = (key: string) =>
      call(at('payments', `/charges?idempotencyKey=${encodeURIComponent(key)}`));

    it('answers 200 with the one charge made under the key, however often it was replayed', async () => {
      // Printable ASCII the api accepts as a key, including what a query string must escape.
      const key = `${newKey()} &=+%#?/`;
      const made = await charge(key, chargeBody('order-lookup'));
      await charge(key, chargeBody('order-lookup'));
      const found = await lookUp(key);
      expect(found.status).toBe(200);
      expect(found.body).toEqual(made.body);
    });

    it('answers 404 charge_not_found naming the key when no charge was made under it', async () => {
      expect(await lookUp('never-used')).toMatchObject({
        status: 404,
        body: {
          error: 'charge_not_found',
          message: 'no charge was made under the Idempotency-Key "never-used"',
        },
      });
    });

    it('answers 404 for a key whose charge request failed before it was handled (an injected failure)', async () => {
      const refused = newKey();
      await setFaults('payments', { failNext: 1 });
      expect((await charge(refused)).status).toBe(503);
      expect((await lookUp(refused)).status).toBe(404);
    });

    it.each([
      ['an empty key', '?idempotencyKey='],
      ['a blank key', '?idempotencyKey=%20%20'],
      ['a bare key', '?idempotencyKey'],
      ['a repeated key', '?idempotencyKey=a&idempotencyKey=b'],
    ])('answers 400 invalid_request for %s', async (_case, query) => {
      expect(await call(at('payments', `/charges${query}`))).toMatchObject({
        status: 400,
        body: { error: 'invalid_request', message: 'idempotencyKey must be a non-empty string' },
      });
    });

    it('lists every charge as before when the query has no idempotencyKey', async () => {
      const all = await charges();
      expect((await call(at('payments', '/charges?other=1'))).body).toEqual({ charges: all });
    });

    it('is faulted like every payments route: an operator breaking payments breaks the lookup too', async () => {
      const key = newKey();
      await charge(key);
      await setFaults('payments', { failNext: 1 });
      expect(await lookUp(key)).toMatchObject({ status: 503, body: { error: 'injected_failure' } });
      await setFaults('payments', { mode: 'reset' });
      await expect(rawRequest(at('payments', `/charges?idempotencyKey=${key}`))).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
    });
  });
});

describe('faults', () => {
  it('failRate 1 answers 503 injected_failure without running the handler: no charge is made', async () => {
    const count = (await charges()).length;
    await setFaults('payments', { failRate: 1 });
    expect(await charge(newKey())).toMatchObject({
      status: 503,
      body: { error: 'injected_failure', message: expect.any(String) },
    });
    await setFaults('payments', {});
    expect(await charges()).toHaveLength(count);
  });

  it('failNext 1 fails only the next request', async () => {
    await setFaults('catalog', { failNext: 1 });
    expect((await call(at('catalog', '/products'))).status).toBe(503);
    expect((await call(at('catalog', '/products'))).status).toBe(200);
  });

  it('delays each request by at least latencyMs', async () => {
    await setFaults('catalog', { latencyMs: 150 });
    const started = performance.now();
    expect((await call(at('catalog', '/products'))).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('injects the failure after the latency', async () => {
    await setFaults('catalog', { latencyMs: 100, failRate: 1 });
    const started = performance.now();
    expect((await call(at('catalog', '/products'))).status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('"down" refuses new connections and destroys kept-alive ones; "up" serves again on the same port', async () => {
    const port = upstreams.ports.payments;
    const idle = await keptAliveSocket(port);
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    expect((await setFaults('payments', { mode: 'down' })).status).toBe(200);
    await expect(rawRequest(at('payments', '/charges'))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await idleClosed;
    expect((await setFaults('payments', { mode: 'up' })).body).toEqual(HEALTHY);
    expect(upstreams.ports.payments).toBe(port);
    expect(await rawRequest(`http://127.0.0.1:${port}/charges`)).toBe(200);
  });

  it('"hang" accepts requests and never answers them, nor runs the handler', async () => {
    await setFaults('payments', { mode: 'hang' });
    const count = (await statsOf('payments')).outcomes.hung;
    const key = newKey();
    const aborted = await call(at('payments', '/charges'), {
      method: 'POST',
      headers: { 'idempotency-key': key },
      body: chargeBody(),
      signal: AbortSignal.timeout(300),
    }).catch((error: Error) => error);
    expect(aborted).toMatchObject({ name: 'TimeoutError' });
    await setFaults('payments', { mode: 'up' });
    expect((await statsOf('payments')).outcomes.hung).toBe(count + 1);
    expect((await charges()).filter((c) => c.idempotencyKey === key)).toHaveLength(0);
  });

  it('leaving "hang" destroys the connections of the requests it held, so no client waits forever', async () => {
    await setFaults('catalog', { mode: 'hang' });
    // Caught at once: the rejection comes while the mode change is still being answered.
    const held = rawRequest(at('catalog', '/products')).catch((error: Error) => error);
    await pollUntil(async () => (await statsOf('catalog')).outcomes.hung > 0);
    await setFaults('catalog', { mode: 'up' });
    expect(await held).toMatchObject({ code: 'ECONNRESET' });
  });

  it('"reset" runs the handler, then drops the connection mid-response: the charge is recorded', async () => {
    await setFaults('payments', { mode: 'reset' });
    const key = newKey();
    const lost = rawRequest(at('payments', '/charges'), 'POST', chargeBody('order-lost'), {
      'idempotency-key': key,
    });
    await expect(lost).rejects.toMatchObject({ code: 'ECONNRESET' });
    await setFaults('payments', { mode: 'up' });
    const recorded = (await charges()).filter((c) => c.idempotencyKey === key);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ orderId: 'order-lost', status: 'succeeded' });
  });

  it('resetNext 1 drops only the next response', async () => {
    await setFaults('catalog', { resetNext: 1 });
    await expect(rawRequest(at('catalog', '/products'))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await rawRequest(at('catalog', '/products'))).toBe(200);
  });
});

describe('deadlines', () => {
  const expiredCount = async (dependency: DependencyName) => (await statsOf(dependency)).outcomes.expired;
  const chargeWithin = (key: string, headers: Record<string, string>, signal?: AbortSignal) =>
    call(at('payments', '/charges'), {
      method: 'POST',
      headers: { 'idempotency-key': key, ...headers },
      body: chargeBody(),
      signal,
    });
  const chargesUnder = async (key: string) => (await charges()).filter((c) => c.idempotencyKey === key);

  it('answers 504 deadline_exceeded to a request that arrives with no time left, and makes no charge', async () => {
    const before = await expiredCount('payments');
    const key = newKey();
    expect(await chargeWithin(key, { 'x-request-timeout-ms': '0' })).toMatchObject({
      status: 504,
      body: { error: 'deadline_exceeded', message: expect.stringContaining('payments') },
    });
    expect(await chargeWithin(key, { 'x-request-deadline': String(Date.now() - 1) })).toMatchObject({
      status: 504,
    });
    expect(await expiredCount('payments')).toBe(before + 2);
    expect(await chargesUnder(key)).toHaveLength(0);
  });

  it('answers 504 when the budget runs out during the latency, without doing the work', async () => {
    await setFaults('payments', { latencyMs: 300 });
    const before = await expiredCount('payments');
    const key = newKey();
    const started = performance.now();
    expect(await chargeWithin(key, { 'x-request-timeout-ms': '100' })).toMatchObject({
      status: 504,
      body: { error: 'deadline_exceeded' },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(await expiredCount('payments')).toBe(before + 1);
    expect(await chargesUnder(key)).toHaveLength(0);
  });

  it('counts a request expired even when its caller gave up at its deadline', async () => {
    await setFaults('payments', { latencyMs: 300 });
    const before = await expiredCount('payments');
    const key = newKey();
    const aborted = await chargeWithin(
      key,
      { 'x-request-timeout-ms': '100' },
      AbortSignal.timeout(100),
    ).catch((error: Error) => error);
    expect(aborted).toMatchObject({ name: 'TimeoutError' });
    await pollUntil(async () => (await expiredCount('payments')) === before + 1);
    expect(await chargesUnder(key)).toHaveLength(0);
  });

  it('takes the earlier of the two headers', async () => {
    await setFaults('catalog', { latencyMs: 200 });
    const headers = { 'x-request-deadline': String(Date.now() + 60_000), 'x-request-timeout-ms': '50' };
    expect((await call(at('catalog', '/products'), { headers })).status).toBe(504);
  });

  it('serves a request whose budget outlasts the latency, and shows the headers it carried', async () => {
    await setFaults('payments', { latencyMs: 50 });
    const headers = { 'x-request-deadline': String(Date.now() + 5_000), 'x-request-timeout-ms': '4000' };
    expect((await chargeWithin(newKey(), headers)).status).toBe(201);
    expect((await statsOf('payments')).lastDeadlineHeaders).toEqual(headers);
  });

  it('answers 400 invalid_deadline naming the header for a malformed value, and makes no charge', async () => {
    const key = newKey();
    expect(await chargeWithin(key, { 'x-request-timeout-ms': 'soon' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_deadline', message: expect.stringContaining('x-request-timeout-ms') },
    });
    expect(await chargesUnder(key)).toHaveLength(0);
  });
});

describe('admin', () => {
  it("reads every dependency's faults", async () => {
    await setFaults('inventory', { latencyMs: 5, jitterMs: 2 });
    expect((await call(at('admin', '/__faults'))).body).toEqual({
      catalog: HEALTHY,
      inventory: { ...HEALTHY, latencyMs: 5, jitterMs: 2 },
      payments: HEALTHY,
    });
  });

  it('replaces the settings whole: omitted fields go back to their defaults', async () => {
    await setFaults('inventory', { latencyMs: 5, failRate: 0.5 });
    expect(await setFaults('inventory', { mode: 'up' })).toMatchObject({ status: 200, body: HEALTHY });
  });

  it('counts what became of each request to a dependency, and resets the counts', async () => {
    expect((await call(at('admin', '/__stats/catalog'), { method: 'DELETE' })).status).toBe(204);
    await call(at('catalog', '/products'));
    await call(at('catalog', '/products/NOPE-99'));
    await setFaults('catalog', { failRate: 1 });
    await call(at('catalog', '/products'));
    await setFaults('catalog', { resetNext: 1 });
    await rawRequest(at('catalog', '/products')).catch(() => undefined);
    expect(await statsOf('catalog')).toEqual({
      dependency: 'catalog',
      total: 4,
      outcomes: {
        ok: 1,
        client_error: 1,
        server_error: 0,
        injected_failure: 1,
        hung: 0,
        reset: 1,
        expired: 0,
      },
      lastDeadlineHeaders: {},
    });
  });

  it.each([
    [{ failRate: 2 }, 'failRate must be a number from 0 to 1'],
    [{ latencyMs: -5 }, 'latencyMs must be a number from 0 to 3600000'],
    [{ mode: 'sideways' }, 'mode must be one of up, down, hang, reset'],
    [{ failrate: 1 }, expect.stringMatching(/^failrate is not a fault setting/)],
  ])('answers 400 invalid_fault naming the field for %j', async (faults, message) => {
    expect(await setFaults('payments', faults as Partial<FaultSettings>)).toMatchObject({
      status: 400,
      body: { error: 'invalid_fault', message },
    });
  });

  it('answers 404 unknown_dependency for a dependency it does not have', async () => {
    expect(await setFaults('shipping', {})).toMatchObject({
      status: 404,
      body: { error: 'unknown_dependency' },
    });
    expect((await call(at('admin', '/__stats/shipping'))).status).toBe(404);
  });

  it('answers 400 invalid_json for a body that does not parse, and 404 not_found for an unknown route', async () => {
    expect(await setFaults('payments', '{"mode":')).toMatchObject({
      status: 400,
      body: { error: 'invalid_json' },
    });
    expect(await call(at('admin', '/__nothing'))).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
  });
});

describe('the upstreams process', () => {
  function run(
    env: Record<string, string>,
    onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
  ) {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...FREE_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
  }
  const FREE_ENV = { UPSTREAMS_ADMIN_PORT: '0', CATALOG_PORT: '0', INVENTORY_PORT: '0', PAYMENTS_PORT: '0' };

  it('prints one ready line with the four ports on stdout, and exits 0 on SIGTERM', async () => {
    const result = await run({}, (stdout, child) => {
      if (stdout.includes('\n')) child.kill('SIGTERM');
    });
    expect(result.code).toBe(0);
    const [line, ...rest] = result.stdout.split('\n');
    expect(rest).toEqual(['']);
    const ports = JSON.parse(line.replace(/^upstreams ready /, ''));
    expect(Object.keys(ports)).toEqual(['admin', 'catalog', 'inventory', 'payments']);
  });

  it.each([
    [{ PAYMENTS_FAIL_RATE: '2' }, 'PAYMENTS_FAIL_RATE must be a number from 0 to 1, got "2"'],
    [{ CATALOG_PORT: 'forty' }, 'CATALOG_PORT must be an integer from 0 to 65535, got "forty"'],
  ])('exits 1 with a message on stderr for %j', async (env, message) => {
    const result = await run(env);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(message);
  });
});

async function pollUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}
