/** What the shop asks payments to charge. */
export interface ChargeRequest {
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
}

/** A charge as payments records it. */
export interface Charge {
  chargeId: string;
  orderId: string;
  amountCents: number;
  status: string;
}

/**
 * What payments answered when asked for the charge made under an idempotency key: that
 * charge, or definitely none. "Could not tell" is not a lookup: the client throws instead.
 */
export type ChargeLookup = { kind: 'found'; charge: Charge } | { kind: 'none' };
