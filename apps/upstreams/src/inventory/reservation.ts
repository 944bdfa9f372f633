/** A quantity of one sku. */
export interface ReservationItem {
  readonly sku: string;
  /** A positive integer. */
  readonly quantity: number;
}

/** Stock held for an order until it is released. */
export interface Reservation {
  readonly reservationId: string;
  /** As requested, in request order. */
  readonly items: readonly ReservationItem[];
  /** ISO 8601. */
  readonly createdAt: string;
}
