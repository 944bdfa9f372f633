import type { Currency } from '../currency.js';

/** What a client asks to be charged. */
export interface ChargeRequest {
  readonly orderId: string;
  readonly customerId: string;
  /** A positive integer. */
  readonly amountCents: number;
  readonly currency: Currency;
}

/** A charge made: the request, plus what the payment service adds. */
export interface Charge extends ChargeRequest {
  readonly chargeId: string;
  /** The simulator never declines. */
  readonly status: 'succeeded';
  /** The key the charge was first made with. */
  readonly idempotencyKey: string;
  /** ISO 8601. */
  readonly createdAt: string;
}
