import { Injectable } from '@nestjs/common';
import { Fallback } from '@carta/resilience';
import { isApiError } from '../errors/api.error.js';
import { InventoryClient } from './inventory.client.js';

/** Stock of one SKU; `estimated` when inventory could not be asked. */
export interface StockView {
  sku: string;
  available: number | null;
  estimated: boolean;
}

/** Stock as the shop shows it: exact when inventory answers, an honest "unknown" when not. */
@Injectable()
export class InventoryService {
  constructor(private readonly client: InventoryClient) {}

  @Fallback('unknownStock', { on: (error) => !isApiError(error) })
  async stock(sku: string): Promise<StockView> {
    return { sku, available: await this.client.available(sku), estimated: false };
  }

  protected unknownStock(sku: string): Promise<StockView> {
    return Promise.resolve({ sku, available: null, estimated: true });
  }
}
