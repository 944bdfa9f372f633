import { Injectable } from '@nestjs/common';
import { PolicyRegistry, Resilient } from '@carta/resilience';
import { isAxiosError } from 'axios';
import { UpstreamContractError } from '../errors/upstream-contract.error.js';
import { ApiConfig } from '../config/api.config.js';
import { InsufficientStockError, ProductNotFoundError } from '../errors/api-errors.js';
import { DependencyClient } from '../http/dependency.client.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { INVENTORY } from '../resilience/dependency-policies.js';

/** One line of an order. */
export interface OrderLine {
  sku: string;
  quantity: number;
}

/** The inventory service over HTTP, behind the `inventory` policy (a bulkhead of 5 by default). */
@Resilient(INVENTORY)
@Injectable()
export class InventoryClient extends DependencyClient {
  constructor(config: ApiConfig, policies: PolicyRegistry, metrics: ShopMetrics) {
    super(INVENTORY, config.INVENTORY_URL, policies, config.CONNECT_TIMEOUT_MS, metrics);
  }

  /** Units of `sku` available now. */
  async available(sku: string): Promise<number> {
    try {
      const { data } = await this.send<{ available?: unknown }>('GET /stock/:sku', {
        url: `/stock/${encodeURIComponent(sku)}`,
      });
      if (typeof data?.available !== 'number')
        throw new UpstreamContractError(INVENTORY, 'no available count');
      return data.available;
    } catch (error) {
      if (isAxiosError(error) && error.response?.status === 404) throw new ProductNotFoundError(sku);
      throw error;
    }
  }

  /**
   * Reserves every line or none; returns the reservation id. Safe to retry: inventory keeps
   * one reservation per orderId, so a retry after a lost answer gets the first one back.
   */
  async reserve(orderId: string, items: OrderLine[]): Promise<string> {
    try {
      const { data } = await this.send<{ reservationId?: unknown }>('POST /reservations', {
        method: 'POST',
        url: '/reservations',
        data: { orderId, items },
      });
      if (typeof data?.reservationId !== 'string')
        throw new UpstreamContractError(INVENTORY, 'no reservationId');
      return data.reservationId;
    } catch (error) {
      if (isAxiosError(error) && error.response?.status === 409) throw new InsufficientStockError();
      throw error;
    }
  }

  /** Gives a reservation's stock back; an unknown (already released) reservation is fine. */
  async release(reservationId: string): Promise<void> {
    try {
      await this.send('DELETE /reservations/:id', {
        method: 'DELETE',
        url: `/reservations/${encodeURIComponent(reservationId)}`,
      });
    } catch (error) {
      if (isAxiosError(error) && error.response?.status === 404) return;
      throw error;
    }
  }
}
