// The end of the drill: once the load has stopped, wait (bounded) for every order of the drill
// to be captured, then hold the orders in Redis against payments' ledger.
import type { OrderStatus } from '../../apps/api/src/orders/order.js';
import type { Charge } from '../../apps/upstreams/src/payments/charge.js';
import type { OrderState, ShopControl } from './shop.js';

// The api's request budget and a margin: after this, no request the load sent is still running.
export const IN_FLIGHT_GRACE_MS = 3_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The HTTP status each accepted order was answered with (201 or 202), by orderId. */
export type Accepted = Map<string, number>;

/** How the drill's orders ended, against payments' ledger. Lists hold the first 20 ids. */
export interface Audit {
  /** Orders answered 201/202. */
  accepted: number;
  /** How many were answered with each status. */
  acceptedAs: Record<string, number>;
  /** Accepted orders that ended confirmed. */
  confirmed: number;
  /** Accepted orders missing from Redis or not confirmed. */
  lost: number;
  missing: string[];
  notConfirmed: Partial<Record<OrderStatus, { count: number; first: string[] }>>;
  /** Orders of the drill whose answer was never read (placed as the load stopped). */
  unanswered: number;
  unansweredConfirmed: number;
  charges: number;
  chargedOrders: number;
  doubleCharged: string[];
  doubleChargedCount: number;
  /** Confirmed orders without exactly their one charge. */
  unmatched: string[];
  unmatchedCount: number;
  /** Charges of no confirmed order (chargeIds). */
  orphanCharges: string[];
  orphanChargeCount: number;
}

/** The audit, and how long the drill waited for captures. */
export type SettledAudit = Audit & { waitedMs: number };

/**
 * Settles and audits. `accepted` maps each orderId the load was answered 201/202 for to that
 * status; the drill's other orders (a checkout in flight when the load stopped is placed, but
 * its answer never read) are found in Redis by their Idempotency-Key prefix and waited for too.
 */
export async function settle({
  control,
  accepted,
  keyPrefix,
  timeoutMs,
  onProgress,
}: {
  control: ShopControl;
  accepted: Accepted;
  keyPrefix: string;
  timeoutMs: number;
  onProgress?: (progress: { open: number; of: number; waitedMs: number }) => void;
}): Promise<SettledAudit> {
  await sleep(IN_FLIGHT_GRACE_MS);
  const started = Date.now();
  const ids = [...new Set([...accepted.keys(), ...(await control.orderIdsByKeyPrefix(keyPrefix))])];
  const orders = await control.orders(ids);
  for (;;) {
    const open = ids.filter((id) => orders.get(id)?.status !== 'confirmed');
    onProgress?.({ open: open.length, of: ids.length, waitedMs: Date.now() - started });
    if (open.length === 0 || Date.now() - started >= timeoutMs) break;
    await sleep(500);
    // Only the orders still open can change; confirmed is final.
    for (const [id, order] of await control.orders(open)) orders.set(id, order);
  }
  const waitedMs = Date.now() - started;
  const charges = await control.charges();
  return { ...audit({ accepted, orders, charges }), waitedMs };
}

/**
 * Lost orders (answered 201/202, but missing or not confirmed) and double charges (an orderId
 * charged more than once, a confirmed order without exactly its one charge, or a charge that
 * belongs to no confirmed order of the drill).
 */
export function audit({
  accepted,
  orders,
  charges,
}: {
  accepted: Accepted;
  orders: Map<string, OrderState | null>;
  charges: readonly Charge[];
}): Audit {
  const chargesOf = new Map<string, Charge[]>();
  for (const charge of charges)
    chargesOf.set(charge.orderId, [...(chargesOf.get(charge.orderId) ?? []), charge]);
  const missing = [...accepted.keys()].filter((id) => !orders.get(id));
  const notConfirmed: Partial<Record<OrderStatus, string[]>> = {};
  for (const id of accepted.keys()) {
    const status = orders.get(id)?.status;
    if (status && status !== 'confirmed') notConfirmed[status] = [...(notConfirmed[status] ?? []), id];
  }
  const confirmed = [...orders].filter(
    (entry): entry is [string, OrderState] => entry[1]?.status === 'confirmed',
  );
  const unmatched = confirmed
    .filter(([id, order]) => {
      const own = chargesOf.get(id) ?? [];
      return own.length !== 1 || own[0].chargeId !== order.chargeId;
    })
    .map(([id]) => id);
  const doubleCharged = [...chargesOf].filter(([, list]) => list.length > 1).map(([id]) => id);
  const orphans = charges
    .filter((c) => {
      const order = orders.get(c.orderId);
      return order?.status !== 'confirmed' || order.chargeId !== c.chargeId;
    })
    .map((c) => c.chargeId);
  const unanswered = [...orders.keys()].filter((id) => !accepted.has(id));
  return {
    accepted: accepted.size,
    acceptedAs: countValues(accepted),
    confirmed: [...accepted.keys()].filter((id) => orders.get(id)?.status === 'confirmed').length,
    lost: missing.length + Object.values(notConfirmed).reduce((n, ids) => n + ids.length, 0),
    missing: missing.slice(0, 20),
    notConfirmed: Object.fromEntries(
      Object.entries(notConfirmed).map(([status, ids]) => [
        status,
        { count: ids.length, first: ids.slice(0, 20) },
      ]),
    ),
    unanswered: unanswered.length,
    unansweredConfirmed: unanswered.filter((id) => orders.get(id)?.status === 'confirmed').length,
    charges: charges.length,
    chargedOrders: chargesOf.size,
    doubleCharged: doubleCharged.slice(0, 20),
    doubleChargedCount: doubleCharged.length,
    unmatched: unmatched.slice(0, 20),
    unmatchedCount: unmatched.length,
    orphanCharges: orphans.slice(0, 20),
    orphanChargeCount: orphans.length,
  };
}

function countValues(map: Map<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of map.values()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
