/** Where an order stands. */
export type OrderStatus = 'confirmed' | 'pending_payment' | 'payment_failed';

/**
 * Whether its stock is held: `unconfirmed` while inventory could not be asked (the worker
 * reserves it later), `short` when inventory then answered it lacks the stock.
 */
export type InventoryStatus = 'reserved' | 'unconfirmed' | 'short' | 'released';

/** An order line with the unit price it was sold at. */
export interface PricedLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order as stored. */
export interface Order {
  orderId: string;
  customerId: string;
  items: PricedLine[];
  amountCents: number;
  currency: string;
  status: OrderStatus;
  inventory: InventoryStatus;
  reservationId: string | null;
  chargeId: string | null;
  /** Capture attempts made by the worker (the checkout's own attempt is not counted). */
  attempts: number;
  /** The key payments charges under: the checkout's Idempotency-Key. */
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  lastError: string | null;
}

/** What GET /orders/:id shows: the order without its key. */
export type OrderView = Omit<Order, 'idempotencyKey'>;

export function toOrderView(order: Order): OrderView {
  const { idempotencyKey: _key, ...view } = order;
  return view;
}
