/** Every key of the last-known-good catalog in Redis starts with this. */
export const CATALOG_CACHE_KEY_PREFIX = 'carta:catalog:';

/** The key of the cached product list. */
export const CATALOG_LIST_KEY = `${CATALOG_CACHE_KEY_PREFIX}products`;

/** The key of one cached product. */
export const catalogProductKey = (sku: string): string => `${CATALOG_CACHE_KEY_PREFIX}product:${sku}`;
