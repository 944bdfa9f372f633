import { randomUUID } from 'node:crypto';
import { ChargeNotFoundError } from './charge-not-found.error.js';
import type { Charge, ChargeRequest } from './charge.js';
import { IdempotencyKeyMismatchError } from './idempotency-key-mismatch.error.js';

/** A charge, and whether an earlier request with the same key made it. */
export interface ChargeOutcome {
  readonly charge: Charge;
  readonly replayed: boolean;
}

/** The sources of a {@link ChargeStore}'s ids and times. */
export interface ChargeStoreOptions {
  /** Epoch ms, for `createdAt`. @default Date.now */
  now?: () => number;
  /** @default `ch_<uuid>` */
  newId?: () => string;
}

/** Every charge made, at most one per idempotency key. */
export class ChargeStore {
  private readonly byKey = new Map<string, Charge>();
  // A Map iterates in insertion order, which is creation order.
  private readonly byId = new Map<string, Charge>();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(options: ChargeStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => `ch_${randomUUID()}`);
  }

  /**
   * Makes the charge, or returns the one `idempotencyKey` already made. Synchronous on
   * purpose: with no await between the lookup and the insert, concurrent requests with one
   * key cannot both miss. Throws {@link IdempotencyKeyMismatchError} when the key made a
   * different charge.
   */
  charge(idempotencyKey: string, request: ChargeRequest): ChargeOutcome {
    const existing = this.byKey.get(idempotencyKey);
    if (existing !== undefined) {
      if (!sameRequest(existing, request)) throw new IdempotencyKeyMismatchError(idempotencyKey);
      return { charge: existing, replayed: true };
    }
    const charge: Charge = Object.freeze({
      chargeId: this.newId(),
      orderId: request.orderId,
      customerId: request.customerId,
      amountCents: request.amountCents,
      currency: request.currency,
      status: 'succeeded',
      idempotencyKey,
      createdAt: new Date(this.now()).toISOString(),
    });
    this.byKey.set(idempotencyKey, charge);
    this.byId.set(charge.chargeId, charge);
    return { charge, replayed: false };
  }

  /** The charge with `chargeId`; throws {@link ChargeNotFoundError}. */
  find(chargeId: string): Charge {
    const charge = this.byId.get(chargeId);
    if (charge === undefined) throw new ChargeNotFoundError({ chargeId });
    return charge;
  }

  /** The charge made under `idempotencyKey`; throws {@link ChargeNotFoundError} when none was. */
  findByIdempotencyKey(idempotencyKey: string): Charge {
    const charge = this.byKey.get(idempotencyKey);
    if (charge === undefined) throw new ChargeNotFoundError({ idempotencyKey });
    return charge;
  }

  /** Every charge, oldest first. */
  list(): Charge[] {
    return [...this.byId.values()];
  }
}

function sameRequest(charge: Charge, request: ChargeRequest): boolean {
  return (
    charge.orderId === request.orderId &&
    charge.customerId === request.customerId &&
    charge.amountCents === request.amountCents &&
    charge.currency === request.currency
  );
}
