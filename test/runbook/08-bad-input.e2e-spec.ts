import { request as httpRequest } from 'node:http';
import { Redis } from 'ioredis';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 8: bad input.
describe('runbook 8: bad input', () => {
  let shop: ShopFixture;
  let redis: Redis;

  beforeAll(async () => {
    shop = await ShopFixture.start();
    redis = new Redis(shop.redis.url);
  }, 30_000);

  afterAll(async () => {
    await redis?.quit();
    await shop?.stop();
  });

  // `null` sends no Idempotency-Key at all.
  const post = (body: string, key: string | null = newKey('bad')) =>
    shop.request('POST', '/checkout', {
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
      body,
    });
  // `null` sends no Content-Type at all.
  const postAs = async (contentType: string | null, body: string) => {
    const response = await fetch(`${shop.apiUrl}/checkout`, {
      method: 'POST',
      headers: { 'idempotency-key': newKey('type'), ...(contentType ? { 'content-type': contentType } : {}) },
      // Bytes, so fetch adds no Content-Type of its own.
      body: new TextEncoder().encode(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  // Fastify answers 413 from Content-Length alone and closes the connection (the client would
  // send the rest anyway), so a client still writing may see EPIPE after the answer arrived:
  // the answer is what counts, as for any careful client.
  const postOversized = (body: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const request = httpRequest(`${shop.apiUrl}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey('big') },
      });
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
        response.on('error', reject);
      });
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      request.end(body);
    });
  // `levels` objects and arrays, each inside the one before, in a checkout's `items`.
  const nestedItems = (levels: number, open = '[', close = ']', innermost = '') =>
    `{"customerId":"c-1","items":[${open.repeat(levels - 2)}${innermost}${close.repeat(levels - 2)}]}`;
  const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

  // Nothing stored (no order, no idempotency record) and nothing charged.
  async function expectNothingKept(): Promise<void> {
    expect(await redis.keys('carta:order:*')).toEqual([]);
    expect(await redis.keys('carta:idempotency:*')).toEqual([]);
    expect(await shop.charges()).toEqual([]);
  }

  it.each([
    ['a missing Idempotency-Key', () => post(JSON.stringify(order()), null), 400, 'idempotency_key_required'],
    ['malformed JSON', () => post('{"customerId": "c-1", "items": ['), 400, 'invalid_json'],
    ['a negative quantity', () => post(JSON.stringify(order('MUG-02', -2))), 400, 'invalid_request'],
    ['a fractional quantity', () => post(JSON.stringify(order('MUG-02', 1.5))), 400, 'invalid_request'],
    ['an unknown SKU', () => post(JSON.stringify(order('NO-SUCH-SKU', 1))), 422, 'unknown_sku'],
    [
      'a 1 MB body',
      () => postOversized(JSON.stringify({ ...order(), padding: 'x'.repeat(1_000_000) })),
      413,
      'payload_too_large',
    ],
    ['arrays nested 5,000 deep', () => post(nestedItems(5_000)), 400, 'invalid_request'],
    ['objects nested 5,000 deep', () => post(deepObject(5_000)), 400, 'invalid_request'],
    [
      'arrays and objects nested 3,000 deep',
      () => post(nestedItems(1_500, '[{"a":', '}]', '1')),
      400,
      'invalid_request',
    ],
    ['a body nested 33 deep', () => post(deepObject(33)), 400, 'invalid_request'],
    ['an item that is an array', () => post('{"customerId":"c-1","items":[[]]}'), 400, 'invalid_request'],
    ['items of the wrong type', () => post('{"customerId":5,"items":"MUG-02"}'), 400, 'invalid_request'],
    ['a JSON array', () => post(JSON.stringify([order()])), 400, 'invalid_request'],
    ['JSON null', () => post('null'), 400, 'invalid_request'],
    ['a JSON number', () => post('42'), 400, 'invalid_request'],
    [
      'a 60 KB customerId',
      () => post(JSON.stringify({ ...order(), customerId: 'x'.repeat(60_000) })),
      400,
      'invalid_request',
    ],
    [
      'a __proto__ key',
      () => post('{"customerId":"c-1","items":[],"__proto__":{"x":1}}'),
      400,
      'invalid_json',
    ],
    ['an empty JSON body', () => post(''), 400, 'invalid_json'],
    ['a text/plain body', () => postAs('text/plain', JSON.stringify(order())), 415, 'unsupported_media_type'],
    [
      'a form body',
      () => postAs('application/x-www-form-urlencoded', 'customerId=c-1'),
      415,
      'unsupported_media_type',
    ],
    ['a malformed URL', () => shop.get('/orders/%ZZ'), 400, 'invalid_url'],
    ['an order id of 300 characters', () => shop.get(`/orders/${'a'.repeat(300)}`), 414, 'uri_too_long'],
    [
      'a body without Content-Type',
      () => postAs(null, JSON.stringify(order())),
      415,
      'unsupported_media_type',
    ],
  ])('rejects %s, keeping and charging nothing', async (_, send, status, error) => {
    const answer = await send();
    expect(answer).toMatchObject({ status, body: { error, message: expect.any(String) } });
    await expectNothingKept();
  });

  it('refuses a body nested deeper than 32 levels by saying so, and reads one 32 deep', async () => {
    expect((await post(deepObject(33))).body).toMatchObject({
      message: expect.stringContaining('deeper than 32 levels') as string,
    });
    // 32 levels pass the depth check, so validation names the unknown field instead.
    expect((await post(deepObject(32))).body).toMatchObject({
      error: 'invalid_request',
      message: expect.stringContaining('property a should not exist') as string,
    });
  });

  it('keeps the message short for a body with thousands of bad values', async () => {
    const answer = await post(
      JSON.stringify({ customerId: 'c-1', items: Array.from({ length: 12_000 }, () => 1) }),
    );
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect((answer.body as { message: string }).message.length).toBeLessThan(2_000);
  });

  it('logs none of these as an error', () => {
    expect(shop.apiOutput()).not.toContain('"level":50');
    expect(shop.apiOutput()).not.toContain('internal_error');
  });

  it('names the offending field', async () => {
    const answer = await post(JSON.stringify(order('MUG-02', -2)));
    expect(answer.body).toMatchObject({ message: expect.stringContaining('items.0.quantity') });
  });

  it('lets a key whose request was rejected be used again once the request is fixed', async () => {
    const key = newKey('fixed');
    expect((await post(JSON.stringify(order('NO-SUCH-SKU', 1)), key)).status).toBe(422);
    expect((await post(JSON.stringify(order('MUG-02', 1)), key)).status).toBe(201);
  });
});
