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
