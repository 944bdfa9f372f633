import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import type { RedisStore } from 'cache-manager-redis-yet';
import { CATALOG_CACHE } from './catalog-cache.provider.js';
import type { Product } from './product.js';

/** A copy of catalog data and when it was taken (epoch ms). */
export interface Cached<T> {
  value: T;
  cachedAt: number;
}

const LIST_KEY = 'carta:catalog:products';
const productKey = (sku: string): string => `carta:catalog:product:${sku}`;

/**
 * The last catalog answers that succeeded, kept in Redis for the fallback. A cache that fails
 * is never the reason a request fails: writes are logged and dropped, reads answer "nothing".
 */
@Injectable()
export class LastKnownGoodCache implements OnApplicationShutdown {
  private readonly logger = new Logger(LastKnownGoodCache.name);

  constructor(@Inject(CATALOG_CACHE) private readonly cache: Cache) {}

  async saveProducts(products: Product[], now: number): Promise<void> {
    const entries = products.map((product): [string, Cached<Product>] => [productKey(product.sku), { value: product, cachedAt: now }]);
    await this.write(() => this.cache.store.mset([[LIST_KEY, { value: products, cachedAt: now }], ...entries]));
  }

  async saveProduct(product: Product, now: number): Promise<void> {
    await this.write(() => this.cache.set(productKey(product.sku), { value: product, cachedAt: now }));
  }

  products(): Promise<Cached<Product[]> | undefined> {
    return this.read(LIST_KEY);
  }

  product(sku: string): Promise<Cached<Product> | undefined> {
    return this.read(productKey(sku));
  }

  async onApplicationShutdown(): Promise<void> {
    const client = (this.cache.store as RedisStore).client;
    if (client.isOpen) await client.quit().catch(() => undefined);
  }

  private async read<T>(key: string): Promise<Cached<T> | undefined> {
    try {
      return (await this.cache.get<Cached<T>>(key)) ?? undefined;
    } catch (error) {
      this.logger.warn(`cache read of ${key} failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async write(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.logger.warn(`cache write failed: ${(error as Error).message}`);
    }
  }
}
