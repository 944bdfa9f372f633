import type { Order } from '../../apps/api/src/orders/order.js';

/** A stored order awaiting payment, with its stock reserved; `overrides` change any field. */
export function aPendingOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ord_1',
    customerId: 'c-1',
    items: [{ sku: 'MUG-02', quantity: 2, unitPriceCents: 1450 }],
    amountCents: 2900,
    currency: 'EUR',
    status: 'pending_payment',
    inventory: 'reserved',
    reservationId: 'res_1',
    chargeId: null,
    attempts: 0,
    idempotencyKey: 'k-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastError: null,
    ...overrides,
  };
}
