import { createHash } from 'node:crypto';
import type { CheckoutRequestDto } from './checkout-request.dto.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The order id of a checkout, derived from its Idempotency-Key: a checkout retried after a
 * crash mid-request lands on the same order instead of making a second one.
 */
export const orderIdOf = (idempotencyKey: string): string => `ord_${sha256(idempotencyKey).slice(0, 24)}`;

/** A hash of what the checkout asks for, field order and extra whitespace aside. */
export function fingerprintOf(request: CheckoutRequestDto): string {
  const items = request.items.map((item) => [item.sku, item.quantity]);
  return sha256(JSON.stringify([request.customerId, items]));
}

/** Printable ASCII, 1 to 255 characters, as the IETF idempotency-key draft suggests. */
export const isValidIdempotencyKey = (key: string): boolean => /^[\x21-\x7e]{1,255}$/.test(key);
