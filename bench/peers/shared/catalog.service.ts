import { Inject, Injectable } from '@nestjs/common';
import type { ProductsView, ProductView } from '../../../apps/api/src/catalog/catalog.service.js';
import type { Product } from '../../../apps/api/src/catalog/product.js';
import { CatalogUnavailableError, ProductNotFoundError } from '../../../apps/api/src/errors/api-errors.js';
import { apiMessages } from '../../../apps/api/src/api.messages.js';
import { CatalogCopyCache, type CatalogCopy } from './catalog-copy.cache.js';
import { DEPENDENCY_GUARD, type DependencyGuard } from './dependency.guard.js';
import { PEER_OPTIONS, type PeerOptions } from './peer.options.js';
import { UpstreamClients } from './upstream.clients.js';
import { statusOf } from './upstream-answer.js';

const RETRY_AFTER_S = 5;

/** The catalog, live; with fallbacks, the stale copy when the catalog fails, as Carta answers. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly clients: UpstreamClients,
    @Inject(DEPENDENCY_GUARD) private readonly guard: DependencyGuard,
    private readonly copy: CatalogCopyCache,
    @Inject(PEER_OPTIONS) private readonly options: PeerOptions,
  ) {}

  async products(): Promise<ProductsView> {
    try {
      const { data } = await this.guard.run('catalog', (signal) =>
        this.clients.catalog.get<{ products: Product[] }>('/products', { signal }),
      );
      // Not awaited, as Carta: a slow Redis must not slow a healthy catalog.
      if (this.options.fallbacks) void this.copy.save(data.products, Date.now());
      return { products: data.products, stale: false, source: 'live' };
    } catch (error) {
      const copy = await this.fallbackCopy(error);
      return { products: copy.products, ...staleSource(copy) };
    }
  }

  async product(sku: string): Promise<ProductView> {
    try {
      const { data } = await this.guard.run('catalog', (signal) =>
        this.clients.catalog.get<{ product: Product }>(`/products/${encodeURIComponent(sku)}`, { signal }),
      );
      return { product: data.product, stale: false, source: 'live' };
    } catch (error) {
      if (statusOf(error) === 404) throw new ProductNotFoundError(sku);
      const copy = await this.fallbackCopy(error);
      const product = copy.products.find((p) => p.sku === sku);
      if (!product) throw new CatalogUnavailableError(RETRY_AFTER_S);
      return { product, ...staleSource(copy) };
    }
  }

  // The copy a failed catalog call falls back on; without fallbacks or a copy, the failure stands.
  private async fallbackCopy(error: unknown): Promise<CatalogCopy> {
    if (!this.options.fallbacks) throw error;
    const copy = await this.copy.read();
    if (!copy) throw new CatalogUnavailableError(RETRY_AFTER_S);
    return copy;
  }
}

function staleSource(copy: CatalogCopy): { stale: true; source: 'cache'; cachedAt: string; message: string } {
  return {
    stale: true,
    source: 'cache',
    cachedAt: new Date(copy.cachedAt).toISOString(),
    message: apiMessages.pricesMayBeStale(),
  };
}
