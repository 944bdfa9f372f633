import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import type { RedisStore } from 'cache-manager-redis-yet';
import { CATALOG_LIST_KEY, catalogProductKey } from './catalog-cache.keys.js';
import { CATALOG_CACHE } from './catalog-cache.provider.js';
import type { Product } from './product.js';

/** A copy of catalog data and when it was taken (epoch ms). */
export interface Cached<T> {
  value: T;
  cachedAt: number;
}

// A copy refreshed within this long is fresh enough: under load, one write a second, not one per request.
const REFRESH_INTERVAL_MS = 1_000;
// A fallback read slower than this answers "nothing cached" rather than eat the request's budget.
const READ_TIMEOUT_MS = 250;

/**
 * The last catalog answers that succeeded, kept in Redis for the fallback. A cache that fails
 * is never the reason a request fails: writes are logged and dropped, reads answer "nothing".
 */
@Injectable()
export class LastKnownGoodCache implements OnApplicationShutdown {
  private readonly logger = new Logger(LastKnownGoodCache.name);
  private readonly savedAt = new Map<string, number>();

  constructor(@Inject(CATALOG_CACHE) private readonly cache: Cache) {}

  /**
   * Refreshes the copy of the list and of each product, in the background; never throws.
   * Synchronous: the request that finds its copy fresh (all but one a second) allocates nothing.
   */
  saveProducts(products: Product[], now: number): void {
    if (!this.due(CATALOG_LIST_KEY, now)) return;
    const entries = products.map((product): [string, Cached<Product>] => [
      catalogProductKey(product.sku),
      { value: product, cachedAt: now },
    ]);
    void this.write(() =>
      this.cache.store.mset([[CATALOG_LIST_KEY, { value: products, cachedAt: now }], ...entries]),
    );
  }

  /** Refreshes the copy of one product, in the background; never throws. */
  saveProduct(product: Product, now: number): void {
    const key = catalogProductKey(product.sku);
    if (!this.due(key, now)) return;
    void this.write(() => this.cache.set(key, { value: product, cachedAt: now }));
  }

  products(): Promise<Cached<Product[]> | undefined> {
    return this.read(CATALOG_LIST_KEY);
  }

  product(sku: string): Promise<Cached<Product> | undefined> {
    return this.read(catalogProductKey(sku));
  }

  async onApplicationShutdown(): Promise<void> {
    const client = (this.cache.store as RedisStore).client;
    if (client.isOpen) await client.quit().catch(() => undefined);
  }

  private due(key: string, now: number): boolean {
    if (now - (this.savedAt.get(key) ?? -Infinity) < REFRESH_INTERVAL_MS) return false;
    this.savedAt.set(key, now);
    return true;
  }

  private async read<T>(key: string): Promise<Cached<T> | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS)),
    );
    try {
      return (await Promise.race([this.cache.get<Cached<T>>(key), timeout])) ?? undefined;
    } catch (error) {
      this.logger.warn(`cache read of ${key} failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
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
