import type { InventoryStatus } from '../orders/order.js';

/** What reserving an order's stock came to: reserved under an id, or sold unconfirmed (reserved later). */
export interface StockReservation {
  inventory: Extract<InventoryStatus, 'reserved' | 'unconfirmed'>;
  reservationId: string | null;
}
