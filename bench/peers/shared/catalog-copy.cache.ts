import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Product } from '../../../apps/api/src/catalog/product.js';
import { PEER_OPTIONS, type PeerOptions } from './peer.options.js';
import { PEER_REDIS } from './peer-redis.provider.js';

/** A copy of the product list and when it was taken (epoch ms). */
export interface CatalogCopy {
  products: Product[];
  cachedAt: number;
}

// As Carta's LastKnownGoodCache: under load, one write a second, not one per request.
const REFRESH_INTERVAL_MS = 1_000;

/** The last product list the catalog answered, in Redis, for the fallback. */
@Injectable()
export class CatalogCopyCache {
  private readonly key: string;
  private savedAt = -Infinity;

  constructor(
    @Inject(PEER_REDIS) private readonly redis: Redis,
    @Inject(PEER_OPTIONS) options: PeerOptions,
  ) {
    this.key = `bench:${options.name}:catalog`;
  }

  /** Refreshes the copy unless it was within the last second; never throws (a cache is never why a request fails). */
  async save(products: Product[], now: number): Promise<void> {
    if (now - this.savedAt < REFRESH_INTERVAL_MS) return;
    this.savedAt = now;
    await this.redis
      .set(this.key, JSON.stringify({ products, cachedAt: now } satisfies CatalogCopy))
      .catch(() => undefined);
  }

  /** The copy, or undefined when there is none (or Redis cannot say). */
  async read(): Promise<CatalogCopy | undefined> {
    const raw = await this.redis.get(this.key).catch(() => null);
    return raw === null ? undefined : (JSON.parse(raw) as CatalogCopy);
  }
}
