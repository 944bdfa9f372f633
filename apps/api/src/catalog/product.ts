/** A catalog product as the catalog service sends it. */
export interface Product {
  sku: string;
  name: string;
  /** Price in cents; null when only a cached price older than the max staleness is known. */
  priceCents: number | null;
  currency: string;
}

/** What the catalog endpoints answer: live, or the last-known-good copy flagged stale. */
export type CatalogSource =
  { stale: false; source: 'live' } | { stale: true; source: 'cache'; cachedAt: string; message: string };
