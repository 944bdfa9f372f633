import { apiMessages } from '../api.messages.js';
import type { StoredResponse } from '../idempotency/idempotency.store.js';
import type { CheckoutOutcome } from './checkout-outcome.js';

/**
 * The HTTP answer to a checkout (and what a replay of its key repeats): 201 confirmed, 202
 * pending_payment, 502 payment_rejected, each with the order's `Location` (docs/api.md).
 */
export function checkoutAnswerOf({ order, rejectedStatus }: CheckoutOutcome): StoredResponse {
  const { orderId, amountCents, inventory } = order;
  const headers = { location: `/orders/${orderId}` };
  switch (order.status) {
    case 'confirmed':
      return {
        status: 201,
        headers,
        body: { orderId, status: 'confirmed', amountCents, chargeId: order.chargeId, inventory },
      };
    case 'pending_payment':
      return {
        status: 202,
        headers,
        body: {
          orderId,
          status: 'pending_payment',
          amountCents,
          inventory,
          message: apiMessages.paymentPending(),
        },
      };
    case 'payment_failed':
      return {
        status: 502,
        headers,
        body: { error: 'payment_rejected', message: apiMessages.paymentRejected(rejectedStatus), orderId },
      };
  }
}
