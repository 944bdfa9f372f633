import { Redis } from 'ioredis';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

// Runbook row 8: bad input.
describe('runbook 8: bad input', () => {
  let shop: ShopFixture;
  let redis: Redis;

  beforeAll(async () => {
    shop = await ShopFixture.start();
    redis = new Redis(shop.redis.url);
  });

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
      () => post(JSON.stringify({ ...order(), padding: 'x'.repeat(1_000_000) })),
      413,
      'payload_too_large',
    ],
  ])('rejects %s, keeping and charging nothing', async (_, send, status, error) => {
    const answer = await send();
    expect(answer).toMatchObject({ status, body: { error, message: expect.any(String) } });
    await expectNothingKept();
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
