import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service.js';
import type { OrderLine } from '../inventory/inventory.client.js';
import type { PricedLine } from '../orders/order.js';

/** Prices an order's lines from the catalog (live, or a cached price it still vouches for). */
@Injectable()
export class OrderPricingService {
  constructor(private readonly catalog: CatalogService) {}

  /** Each line with its unit price; asks the catalog once per distinct SKU. */
  async price(lines: OrderLine[]): Promise<PricedLine[]> {
    const prices = await this.catalog.pricesOf([...new Set(lines.map((line) => line.sku))]);
    return lines.map(({ sku, quantity }) => ({ sku, quantity, unitPriceCents: prices.get(sku) as number }));
  }
}
