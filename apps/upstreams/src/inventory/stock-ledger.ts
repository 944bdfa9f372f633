import { randomUUID } from 'node:crypto';
import { ProductNotFoundError } from '../catalog/product-not-found.error.js';
import { InsufficientStockError } from './insufficient-stock.error.js';
import { ReservationNotFoundError } from './reservation-not-found.error.js';
import type { Reservation, ReservationItem } from './reservation.js';

/** What a {@link StockLedger} starts with, and the sources of its ids and times. */
export interface StockLedgerOptions {
  /** Every sku the ledger stocks. */
  skus: readonly string[];
  /** Units of each sku at start. */
  initialStock: number;
  /** Epoch ms, for `createdAt`. @default Date.now */
  now?: () => number;
  /** @default `res_<uuid>` */
  newId?: () => string;
}

/**
 * Stock per sku and the reservations holding some of it. Every method is synchronous, so a
 * reservation checks and takes its stock with no other request in between.
 */
export class StockLedger {
  private readonly stock: Map<string, number>;
  private readonly reservations = new Map<string, Reservation>();
  // A client whose answer was lost retries with the same orderId: it gets the same reservation.
  private readonly byOrder = new Map<string, string>();
  private readonly orderOf = new Map<string, string>();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(options: StockLedgerOptions) {
    this.stock = new Map(options.skus.map((sku) => [sku, options.initialStock]));
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => `res_${randomUUID()}`);
  }

  /** Units of `sku` not reserved; throws {@link ProductNotFoundError}. */
  available(sku: string): number {
    const available = this.stock.get(sku);
    if (available === undefined) throw new ProductNotFoundError(sku);
    return available;
  }

  /**
   * Reserves every item or none: throws {@link ProductNotFoundError} or
   * {@link InsufficientStockError} before taking anything. A sku listed twice needs its total.
   * With an `orderId` that already holds a reservation, returns that one and takes nothing.
   */
  reserve(items: readonly ReservationItem[], orderId?: string): Reservation {
    const existing =
      orderId === undefined ? undefined : this.reservations.get(this.byOrder.get(orderId) ?? '');
    if (existing !== undefined) return existing;
    const wanted = new Map<string, number>();
    for (const { sku, quantity } of items) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
    for (const [sku, quantity] of wanted) {
      const available = this.available(sku);
      if (available < quantity) throw new InsufficientStockError(sku, quantity, available);
    }
    for (const [sku, quantity] of wanted) this.stock.set(sku, this.stock.get(sku)! - quantity);
    const reservation: Reservation = Object.freeze({
      reservationId: this.newId(),
      items: Object.freeze(items.map(({ sku, quantity }) => Object.freeze({ sku, quantity }))),
      createdAt: new Date(this.now()).toISOString(),
    });
    this.reservations.set(reservation.reservationId, reservation);
    if (orderId !== undefined) {
      this.byOrder.set(orderId, reservation.reservationId);
      this.orderOf.set(reservation.reservationId, orderId);
    }
    return reservation;
  }

  /** Gives a reservation's stock back, once: throws {@link ReservationNotFoundError} after. */
  release(reservationId: string): void {
    const reservation = this.reservations.get(reservationId);
    if (reservation === undefined) throw new ReservationNotFoundError(reservationId);
    this.reservations.delete(reservationId);
    const orderId = this.orderOf.get(reservationId);
    if (orderId !== undefined) {
      this.orderOf.delete(reservationId);
      this.byOrder.delete(orderId);
    }
    for (const { sku, quantity } of reservation.items) this.stock.set(sku, this.stock.get(sku)! + quantity);
  }
}
