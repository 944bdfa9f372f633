import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiConfig } from '../../apps/api/src/config/api.config.js';
import { HTTP_RATE_LIMITED_METRIC } from '../../apps/api/src/rate-limit/rate-limit.metrics.js';
import { API_KEY_HEADER } from '../../apps/api/src/rate-limit/rate-limit-clients.js';
import { maxAdmitted } from '../../apps/api/src/rate-limit/rate-limit.settings.js';
import { answerWithoutBody } from '../support/body-never-sent.js';
import { eventually } from '../support/eventually.js';
import { ShopFixture } from '../support/shop.fixture.js';

const ADMIN_TOKEN = 'rate-limit-test-admin-token';
const PARTNER_KEY = 'partner-key-0123456789';
const SHARED_KEY = 'replicas-key-0123456789';
const ANONYMOUS = { burst: 5, perSecond: 0.2 };
const KEYED = { burst: 50, perSecond: 10 };
const SYNC_MS = 50;
const LIMITS = {
  ADMIN_TOKEN,
  RATE_LIMIT_ANONYMOUS_BURST: String(ANONYMOUS.burst),
  RATE_LIMIT_ANONYMOUS_PER_SECOND: String(ANONYMOUS.perSecond),
  RATE_LIMIT_KEYED_BURST: String(KEYED.burst),
  RATE_LIMIT_KEYED_PER_SECOND: String(KEYED.perSecond),
  RATE_LIMIT_API_KEYS: `${PARTNER_KEY},${SHARED_KEY}`,
  RATE_LIMIT_SYNC_MS: String(SYNC_MS),
} satisfies Partial<Record<keyof ApiConfig, string>>;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * One request from `from`, a loopback address of the test's own choosing (127.0.0.x): every
 * test is an anonymous client of its own, so none spends another's bucket.
 */
function send(
  base: string,
  path: string,
  { from, headers = {} }: { from: string; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, { localAddress: from, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          body = { text }; // /metrics
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** The value of the sample `name{labels}` in a Prometheus exposition; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('rate limits (RATE_LIMIT_*)', () => {
  let shop: ShopFixture;
  let lastAddress = 10;
  const newClient = (): string => `127.0.0.${++lastAddress}`;
  const get = (path: string, from: string, headers?: Record<string, string>) =>
    send(shop.apiUrl, path, { from, headers });
  const spendBurst = async (from: string, path = '/catalog/products'): Promise<void> => {
    for (let i = 0; i < ANONYMOUS.burst; i++) expect((await get(path, from)).status).toBe(200);
  };

  beforeAll(async () => {
    shop = await ShopFixture.start(LIMITS);
  });

  afterAll(() => shop?.stop());

  it('refuses a client past its burst with 429 rate_limited, a message, Retry-After and the three X-RateLimit headers', async () => {
    const client = newClient();
    await spendBurst(client);
    const refused = await get('/catalog/products', client);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'rate_limited', message: expect.stringContaining('retry in') });
    // One token takes 1 / 0.2 = 5 s; the whole bucket 5 / 0.2 = 25 s.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(4);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(5);
    expect(refused.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' });
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(24);
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(25);
  });

  it("refuses a spent client's checkout as soon as it is routed, before its body is read: one whose body never comes still gets its 429", async () => {
    const client = newClient();
    await spendBurst(client);
    const text = await answerWithoutBody({
      baseUrl: shop.apiUrl,
      method: 'POST',
      path: '/checkout',
      headers: { 'idempotency-key': 'never-sent-1' },
      localAddress: client,
    });
    expect(text).toMatch(/^HTTP\/1\.1 429 /);
    expect(text.toLowerCase()).toContain('retry-after: ');
    expect(text).toContain('"error":"rate_limited"');
  });

  it('tells every allowed request its limit, the requests left and the seconds until the bucket is full again', async () => {
    const client = newClient();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await get('/catalog/products', client));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers['x-ratelimit-limit'])).toEqual(['5', '5', '5']);
    expect(answers.map((a) => a.headers['x-ratelimit-remaining'])).toEqual(['4', '3', '2']);
    expect(answers.map((a) => a.headers['x-ratelimit-reset'])).toEqual(['5', '10', '15']);
    expect(answers[0].headers['retry-after']).toBeUndefined();
  });

  it('gives a configured X-Api-Key a bucket of its own in the keyed tier; an unknown key counts as its address', async () => {
    const client = newClient();
    await spendBurst(client);
    const keyed = await get('/catalog/products', client, { [API_KEY_HEADER]: PARTNER_KEY });
    expect(keyed.status).toBe(200);
    expect(keyed.headers).toMatchObject({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49' });
    const unknown = await get('/catalog/products', client, { [API_KEY_HEADER]: 'not-a-configured-key-000' });
    expect(unknown.status).toBe(429);
    expect(unknown.headers['x-ratelimit-limit']).toBe('5');
  });

  it.each([
    ['/healthz'],
    ['/health/live'],
    ['/health/ready'],
    ['/health/dependencies'],
    ['/metrics'],
    ['/admin/resilience'],
  ])('never limits %s, and sends it no X-RateLimit headers', async (path) => {
    const client = newClient();
    await spendBurst(client);
    expect((await get('/catalog/products', client)).status).toBe(429);
    const answers = [];
    for (let i = 0; i < 2 * ANONYMOUS.burst; i++)
      answers.push(await get(path, client, { authorization: `Bearer ${ADMIN_TOKEN}` }));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(answers.some((a) => 'x-ratelimit-limit' in a.headers)).toBe(false);
  });

  it('counts each refused request in http_rate_limited_total by route template and tier', async () => {
    const metric = async (labels: Record<string, string>) =>
      sample(String((await get('/metrics', newClient())).body.text), HTTP_RATE_LIMITED_METRIC, labels);
    const route = { route: '/catalog/products/:sku', tier: 'anonymous' };
    const before = await metric(route);
    const client = newClient();
    await spendBurst(client, '/catalog/products/MUG-02');
    for (let i = 0; i < 3; i++) expect((await get('/catalog/products/KETTLE-01', client)).status).toBe(429);
    expect((await metric(route)) - before).toBe(3);
    expect(await metric({ route: '/catalog/products/MUG-02' })).toBe(0);
  });

  it('logs a refused client once, however often it is refused, and never its API key', async () => {
    const client = newClient();
    await spendBurst(client);
    for (let i = 0; i < 20; i++) await get('/catalog/products', client);
    const lines = () =>
      shop
        .apiOutput()
        .split('\n')
        .filter((line) => line.includes('"event":"rate_limited"') && line.includes(`"client":"${client}"`));
    await eventually(() => expect(lines()).toHaveLength(1));
    expect(JSON.parse(lines()[0])).toMatchObject({
      tier: 'anonymous',
      route: '/catalog/products',
      method: 'GET',
    });
    expect(shop.apiOutput()).not.toContain(PARTNER_KEY);
  });

  it("shares one client's bucket between two api replicas on one Redis, within the documented bound", async () => {
    const other = await shop.startAnotherApi(LIMITS);
    const apis = [shop.apiUrl, other.url as string];
    try {
      await sleep(10 * SYNC_MS); // each has settled with Redis: the fleet is two
      const client = newClient();
      const begun = performance.now();
      let admitted = 0;
      for (let i = 0; i < 3 * KEYED.burst; i++) {
        const answer = await send(apis[i % 2], '/catalog/products', {
          from: client,
          headers: { [API_KEY_HEADER]: SHARED_KEY },
        });
        if (answer.status === 200) admitted++;
      }
      const seconds = (performance.now() - begun) / 1000;
      // Two replicas limiting alone would admit two bursts (and twice the refill).
      expect(admitted).toBeGreaterThanOrEqual(KEYED.burst);
      expect(admitted).toBeLessThan(2 * KEYED.burst);
      expect(admitted).toBeLessThanOrEqual(
        maxAdmitted({ limits: KEYED, replicas: 2, syncMs: SYNC_MS + 20, seconds }),
      );
    } finally {
      await other.stop();
    }
  });
});
