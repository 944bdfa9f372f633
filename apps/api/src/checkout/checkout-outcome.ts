import type { Order } from '../orders/order.js';

/** What a checkout came to: the order as it stands, and payments' HTTP status if it rejected the charge. */
export interface CheckoutOutcome {
  order: Order;
  /** The status payments rejected the charge with, when it did. */
  rejectedStatus?: number;
}
