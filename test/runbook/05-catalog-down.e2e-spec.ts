import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

type Product = { sku: string; priceCents: number | null };
type ProductsBody = {
  products: Product[];
  stale: boolean;
  source: string;
  cachedAt?: string;
  message?: string;
};

// Runbook row 5: catalog down.
describe('runbook 5: catalog down', () => {
  describe('with a cached copy', () => {
    let shop: ShopFixture;
    let live: ProductsBody;

    beforeAll(async () => {
      shop = await ShopFixture.start();
      const answer = await shop.get<ProductsBody>('/catalog/products');
      expect(answer).toMatchObject({ status: 200, body: { stale: false, source: 'live' } });
      expect(answer.headers.get('warning')).toBeNull();
      live = answer.body;
      await shop.setFaults('catalog', { mode: 'down' });
    });

    afterAll(() => shop?.stop());

    it('serves the cached products flagged stale, with the Warning header', async () => {
      const answer = await shop.get<ProductsBody>('/catalog/products');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('warning')).toBe('110 - "Response is Stale"');
      expect(answer.body).toMatchObject({ stale: true, source: 'cache', message: 'prices may be stale' });
      expect(Date.parse(answer.body.cachedAt as string)).toBeLessThanOrEqual(Date.now());
      expect(answer.body.products).toEqual(live.products);
    });

    it('serves one cached product flagged stale', async () => {
      const sku = live.products[0].sku;
      const answer = await shop.get(`/catalog/products/${sku}`);
      expect(answer).toMatchObject({
        status: 200,
        body: { product: live.products[0], stale: true, source: 'cache' },
      });
      expect(answer.headers.get('warning')).toBe('110 - "Response is Stale"');
    });

    it('still sells at a cached price within the max staleness', async () => {
      const answer = await shop.checkout(newKey('stale-price'), order(live.products[0].sku, 1));
      expect(answer).toMatchObject({ status: 201, body: { amountCents: live.products[0].priceCents } });
    });
  });

  describe('with nothing cached, or a copy older than the max staleness', () => {
    let shop: ShopFixture;

    beforeAll(async () => {
      shop = await ShopFixture.start({ CATALOG_MAX_STALENESS_MS: '50' });
    });

    afterAll(() => shop?.stop());

    it('answers 503 catalog_unavailable with Retry-After when nothing is cached', async () => {
      await shop.setFaults('catalog', { mode: 'down' });
      const answer = await shop.get('/catalog/products');
      expect(answer).toMatchObject({
        status: 503,
        body: { error: 'catalog_unavailable', message: expect.any(String) },
      });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('withholds prices older than the max staleness and refuses to charge them (503 price_unavailable)', async () => {
      await shop.setFaults('catalog', { mode: 'up' });
      expect((await shop.get('/catalog/products')).body).toMatchObject({ stale: false });
      await shop.setFaults('catalog', { mode: 'down' });
      await new Promise((resolve) => setTimeout(resolve, 60)); // the cached copy ages past the 50 ms max staleness

      const list = await shop.get<ProductsBody>('/catalog/products');
      expect(list.body).toMatchObject({ stale: true, source: 'cache', message: 'price unavailable' });
      expect(list.body.products.every((p) => p.priceCents === null)).toBe(true);

      const before = (await shop.charges()).length;
      const answer = await shop.checkout(newKey('old-price'), order());
      expect(answer).toMatchObject({
        status: 503,
        body: { error: 'price_unavailable', message: expect.any(String) },
      });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await shop.charges()).length).toBe(before);
    });
  });
});
