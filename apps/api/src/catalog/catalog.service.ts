import { Injectable } from '@nestjs/common';
import { Fallback, FallbackFailedError, isBrokenCircuitError } from '@carta/resilience';
import { apiMessages } from '../api.messages.js';
import { isApiError } from '../errors/api.error.js';
import {
  CatalogUnavailableError,
  PriceUnavailableError,
  ProductNotFoundError,
  UnknownSkuError,
} from '../errors/api-errors.js';
import { ApiConfig } from '../config/api.config.js';
import { CatalogClient } from './catalog.client.js';
import { LastKnownGoodCache, type Cached } from './last-known-good.cache.js';
import type { CatalogSource, Product } from './product.js';

/** The product list as answered, with where it came from. */
export type ProductsView = { products: Product[] } & CatalogSource;
/** One product as answered, with where it came from. */
export type ProductView = { product: Product } & CatalogSource;

// Any failure of the catalog itself falls back; our own answers (404, 422) pass through.
const catalogFailed = (error: unknown): boolean => !isApiError(error);
const DEFAULT_RETRY_AFTER_S = 5;

/** The catalog as the shop shows it: live when it can be, last-known-good when it cannot. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly client: CatalogClient,
    private readonly cache: LastKnownGoodCache,
    private readonly config: ApiConfig,
  ) {}

  /** Every product; on a catalog failure, the cached copy flagged stale. */
  @Fallback('cachedProducts', { on: catalogFailed })
  async products(): Promise<ProductsView> {
    const products = await this.client.listProducts();
    // In the background: a slow Redis must not slow a healthy catalog (the write never throws).
    this.cache.saveProducts(products, Date.now());
    return { products, stale: false, source: 'live' };
  }

  /** One product; on a catalog failure, the cached copy flagged stale. */
  @Fallback('cachedProduct', { on: catalogFailed })
  async product(sku: string): Promise<ProductView> {
    const product = await this.client.product(sku);
    if (!product) throw new ProductNotFoundError(sku);
    this.cache.saveProduct(product, Date.now());
    return { product, stale: false, source: 'live' };
  }

  /**
   * Unit prices of `skus` we can vouch for: live, or cached within the max staleness.
   * Unknown to the live catalog: UnknownSkuError. Not vouched for: PriceUnavailableError.
   */
  async pricesOf(skus: string[]): Promise<Map<string, number>> {
    let view: ProductsView;
    try {
      view = await this.products();
    } catch (error) {
      const cause = error instanceof FallbackFailedError ? error.fallbackError : error;
      if (cause instanceof CatalogUnavailableError)
        throw new PriceUnavailableError(skus, cause.retryAfterSeconds);
      throw error;
    }
    const bySku = new Map(view.products.map((p) => [p.sku, p.priceCents]));
    const missing = skus.filter((sku) => !bySku.has(sku));
    if (missing.length > 0 && !view.stale) throw new UnknownSkuError(missing);
    const unpriced = skus.filter((sku) => typeof bySku.get(sku) !== 'number');
    if (unpriced.length > 0) throw new PriceUnavailableError(unpriced, DEFAULT_RETRY_AFTER_S);
    return new Map(skus.map((sku) => [sku, bySku.get(sku) as number]));
  }

  protected async cachedProducts(error: unknown): Promise<ProductsView> {
    const cached = await this.cache.products();
    if (!cached) throw new CatalogUnavailableError(retryAfterOf(error));
    return { products: cached.value.map((p) => this.vouched(p, cached)), ...this.staleSource(cached) };
  }

  protected async cachedProduct(sku: string, error: unknown): Promise<ProductView> {
    const cached = (await this.cache.product(sku)) ?? fromList(await this.cache.products(), sku);
    if (!cached) throw new CatalogUnavailableError(retryAfterOf(error));
    return { product: this.vouched(cached.value, cached), ...this.staleSource(cached) };
  }

  private tooOld(cached: Cached<unknown>): boolean {
    return Date.now() - cached.cachedAt > this.config.CATALOG_MAX_STALENESS_MS;
  }

  // Beyond the max staleness a price is withheld rather than shown as if it were current.
  private vouched(product: Product, cached: Cached<unknown>): Product {
    return this.tooOld(cached) ? { ...product, priceCents: null } : product;
  }

  private staleSource(cached: Cached<unknown>): CatalogSource {
    const message = this.tooOld(cached)
      ? apiMessages.priceUnavailableShort()
      : apiMessages.pricesMayBeStale();
    return { stale: true, source: 'cache', cachedAt: new Date(cached.cachedAt).toISOString(), message };
  }
}

function fromList(list: Cached<Product[]> | undefined, sku: string): Cached<Product> | undefined {
  const product = list?.value.find((p) => p.sku === sku);
  return product && list ? { value: product, cachedAt: list.cachedAt } : undefined;
}

// The breaker's own wait when it has one; an operator's forced_open has none, so the default.
function retryAfterOf(error: unknown): number {
  return isBrokenCircuitError(error) && error.retryAfterMs !== null
    ? Math.max(1, Math.ceil(error.retryAfterMs / 1000))
    : DEFAULT_RETRY_AFTER_S;
}
