import { PRODUCTS } from '../../apps/upstreams/src/catalog/product.js';
import { asClassicScript, loadK6Script, seconds, type K6Script } from './support/k6-script.loader.js';

const SKUS = PRODUCTS.map((product) => product.sku);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BASE_URL = 'http://shop.test:3100';

/** Every stage of every scenario, and the whole run's length in seconds. */
function schedule(script: K6Script): { stages: { duration: string; target: number }[]; total: number } {
  const stages = [
    ...(script.options.stages ?? []),
    ...Object.values(script.options.scenarios ?? {}).flatMap((s) => s.stages ?? []),
  ];
  return { stages, total: stages.reduce((sum, stage) => sum + seconds(stage.duration), 0) };
}

describe('docker/k6/checkout.js', () => {
  it("holds checkout to the runbook: p99 inside the 3 s request budget, under 1% failed, and the checks' pass rate", async () => {
    const script = await loadK6Script('checkout.js', { BASE_URL });
    expect(script.options.thresholds).toMatchObject({
      http_req_duration: ['p(99)<3000'],
      http_req_failed: ['rate<0.01'],
      checks: expect.arrayContaining([expect.stringMatching(/^rate>0\.99/)]),
    });
  });

  it('ramps up over at most 30 s and runs a few minutes at most', async () => {
    const { stages, total } = schedule(await loadK6Script('checkout.js', { BASE_URL }));
    expect(seconds(stages[0]!.duration)).toBeLessThanOrEqual(30);
    expect(total).toBeLessThanOrEqual(180);
  });

  it('posts a valid order for a catalog sku to BASE_URL, with a fresh UUID Idempotency-Key each time', async () => {
    const script = await loadK6Script('checkout.js', { BASE_URL });
    for (let i = 0; i < 5; i++) script.iterate();
    expect(script.requests).toHaveLength(5);
    for (const request of script.requests) {
      expect(request).toMatchObject({
        method: 'POST',
        url: `${BASE_URL}/checkout`,
        headers: { 'content-type': 'application/json' },
      });
      expect(request.headers['idempotency-key']).toMatch(UUID);
      const body = JSON.parse(request.body!) as {
        customerId: string;
        items: { sku: string; quantity: number }[];
      };
      expect(body.customerId).toMatch(/^.{1,64}$/);
      for (const item of body.items) {
        expect(SKUS).toContain(item.sku);
        expect(Number.isInteger(item.quantity) && item.quantity >= 1).toBe(true);
      }
    }
    expect(new Set(script.requests.map((r) => r.headers['idempotency-key'])).size).toBe(5);
  });

  it('checks that the answer is an order: 201 or 202, nothing else', async () => {
    const script = await loadK6Script('checkout.js', { BASE_URL });
    script.iterate();
    expect(script.checks.length).toBeGreaterThan(0);
    const accepted = (status: number) => script.checks.every((check) => check.accepts({ status }));
    expect([200, 201, 202, 400, 409, 422, 502, 503, 504].filter(accepted)).toEqual([201, 202]);
  });

  it('targets http://localhost:3000 when BASE_URL is not set', async () => {
    const script = await loadK6Script('checkout.js', {});
    script.iterate();
    expect(script.requests[0]!.url).toBe('http://localhost:3000/checkout');
  });
});

describe('docker/k6/catalog.js', () => {
  it('holds the catalog to p99 under 500 ms and under 1% failed', async () => {
    const script = await loadK6Script('catalog.js', { BASE_URL });
    expect(script.options.thresholds).toMatchObject({
      http_req_duration: ['p(99)<500'],
      http_req_failed: ['rate<0.01'],
    });
  });

  it('ramps up over at most 30 s and runs a few minutes at most', async () => {
    const { stages, total } = schedule(await loadK6Script('catalog.js', { BASE_URL }));
    expect(seconds(stages[0]!.duration)).toBeLessThanOrEqual(30);
    expect(total).toBeLessThanOrEqual(180);
  });

  it('reads the product list and single catalog products from BASE_URL', async () => {
    const script = await loadK6Script('catalog.js', { BASE_URL });
    for (let i = 0; i < 40; i++) script.iterate();
    const paths = new Set(
      script.requests.map((r) => `${r.method} ${r.url.replace(/\/products\/[^/]+$/, '/products/:sku')}`),
    );
    expect([...paths].sort()).toEqual([
      `GET ${BASE_URL}/catalog/products`,
      `GET ${BASE_URL}/catalog/products/:sku`,
    ]);
    for (const request of script.requests.filter((r) => /\/products\/[^/]+$/.test(r.url))) {
      expect(SKUS).toContain(request.url.split('/').at(-1));
    }
  });

  it('checks for 200 only', async () => {
    const script = await loadK6Script('catalog.js', { BASE_URL });
    script.iterate();
    const accepted = (status: number) =>
      script.checks.length > 0 && script.checks.every((check) => check.accepts({ status }));
    expect([200, 201, 304, 404, 500, 503].filter(accepted)).toEqual([200]);
  });
});

describe('the k6 script loader', () => {
  it('runs a module as a classic script line for line, and refuses module syntax it does not take', () => {
    const script = asClassicScript("import http from 'k6/http';\nexport const options = {};\n", 'a.js');
    expect(script.split('\n')[1]).toBe('const options = {};');
    expect(() => asClassicScript("import * as k6 from 'k6';\n", 'b.js')).toThrow(
      'b.js: "import * as k6 from \'k6\';" is module syntax this loader does not take',
    );
    expect(() => asClassicScript('const a = 1;\nexport { a };\n', 'c.js')).toThrow(/export \{ a \}/);
  });
});
