import { Injectable, Logger } from '@nestjs/common';
import { Fallback } from '@carta/resilience';
import { InsufficientStockError } from '../errors/api-errors.js';
import { isApiError } from '../errors/api.error.js';
import { InventoryClient, type OrderLine } from './inventory.client.js';
import type { StockReservation } from './stock-reservation.js';

/** Stock of one SKU; `estimated` when inventory could not be asked. */
export interface StockView {
  sku: string;
  available: number | null;
  estimated: boolean;
}

/**
 * Stock as the shop shows and takes it: exact when inventory answers, an honest "unknown" (a
 * read) or "unconfirmed" (a reservation) when not. Both degradations are fallbacks.
 */
@Injectable()
export class InventoryService {
  private readonly logger = new Logger(InventoryService.name);

  constructor(private readonly client: InventoryClient) {}

  @Fallback('unknownStock', { on: (error) => !isApiError(error) })
  async stock(sku: string): Promise<StockView> {
    return { sku, available: await this.client.available(sku), estimated: false };
  }

  protected unknownStock(sku: string): Promise<StockView> {
    return Promise.resolve({ sku, available: null, estimated: true });
  }

  /**
   * Reserves every line of `orderId` or none. Inventory that cannot answer does not block a
   * sale: the order goes on unconfirmed and the worker reserves its stock later
   * (LateReservationService). Only short stock stops it.
   */
  @Fallback('unconfirmedReservation', { on: (error) => !(error instanceof InsufficientStockError) })
  async reserve(orderId: string, lines: OrderLine[]): Promise<StockReservation> {
    return { inventory: 'reserved', reservationId: await this.client.reserve(orderId, lines) };
  }

  /** Gives a reservation's stock back at best: a failure is ignored, as a retry of the order gets the same reservation back. */
  async releaseQuietly(reservationId: string): Promise<void> {
    await this.client.release(reservationId).catch(() => undefined);
  }

  protected unconfirmedReservation(
    orderId: string,
    _lines: OrderLine[],
    error: unknown,
  ): Promise<StockReservation> {
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.warn(`order ${orderId}: inventory unavailable (${cause}); proceeding unconfirmed`);
    return Promise.resolve({ inventory: 'unconfirmed', reservationId: null });
  }
}
