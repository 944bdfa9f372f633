import { caching, type Cache } from 'cache-manager';
import { redisStore } from 'cache-manager-redis-yet';
import type { Provider } from '@nestjs/common';
import { ApiConfig } from '../config/api.config.js';

/** Token of the cache-manager cache (Redis store) holding the last-known-good catalog. */
export const CATALOG_CACHE = Symbol('CATALOG_CACHE');

/**
 * cache-manager 5 over cache-manager-redis-yet, wired by hand: @nestjs/cache-manager 3+
 * only takes Keyv stores, and this store predates Keyv.
 */
export const catalogCacheProvider: Provider = {
  provide: CATALOG_CACHE,
  inject: [ApiConfig],
  useFactory: async (config: ApiConfig): Promise<Cache> => {
    const store = await redisStore({
      url: config.REDIS_URL,
      ttl: config.CATALOG_CACHE_TTL_MS,
      // Without this, commands wait in memory while Redis is away, and a fallback that
      // should answer in milliseconds hangs instead.
      disableOfflineQueue: true,
      socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
    });
    // node-redis emits 'error' on every failed reconnect; unhandled, that would crash the process.
    store.client.on('error', () => undefined);
    return caching(store);
  },
};
