import { Injectable } from '@nestjs/common';
import { PolicyRegistry, Resilient } from '@carta/resilience';
import { isAxiosError } from 'axios';
import { ApiConfig } from '../config/api.config.js';
import { DependencyClient } from '../http/dependency.client.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { CATALOG } from '../resilience/dependency-policies.js';
import type { Product } from './product.js';
import { UpstreamContractError } from '../errors/upstream-contract.error.js';

/** The catalog service over HTTP, behind the `catalog` policy. */
@Resilient(CATALOG)
@Injectable()
export class CatalogClient extends DependencyClient {
  constructor(config: ApiConfig, policies: PolicyRegistry, metrics: ShopMetrics) {
    super(CATALOG, config.CATALOG_URL, policies, config.CONNECT_TIMEOUT_MS, metrics);
  }

  /** Every product. */
  async listProducts(): Promise<Product[]> {
    const { data } = await this.send<{ products?: unknown }>('GET /products', { url: '/products' });
    if (!Array.isArray(data?.products)) throw new UpstreamContractError(CATALOG, 'no products array');
    return data.products as Product[];
  }

  /** One product, or undefined when the catalog has no such SKU (a 404 is an answer, not a failure). */
  async product(sku: string): Promise<Product | undefined> {
    try {
      const { data } = await this.send<{ product?: Product }>('GET /products/:sku', {
        url: `/products/${encodeURIComponent(sku)}`,
      });
      if (!data?.product) throw new UpstreamContractError(CATALOG, 'no product');
      return data.product;
    } catch (error) {
      if (isAxiosError(error) && error.response?.status === 404) return undefined;
      throw error;
    }
  }
}
