import { peerPoliciesOf } from '../peers/shared/peer-policies.js';
import type { RouteName } from './http-routes.js';

/**
 * Connections of one route's loads: `--connections`, except for `GET /inventory/:sku`, which
 * gets at most as many as the inventory bulkhead admits (in flight plus queue: 5 and 0 by
 * default). Past that every subject refuses or degrades by design (Carta answers estimated
 * stock, the peers' bulkheads refuse), and the ratios would compare refusals, not work.
 * `RESILIENCE_INVENTORY_BULKHEAD_*` in the bench's environment moves the cap with the policy.
 */
export function connectionsFor(
  route: RouteName,
  connections: number,
  env: Record<string, string | undefined>,
): number {
  if (route !== 'inventory') return connections;
  const { maxConcurrent, maxQueue } = peerPoliciesOf(env).inventory;
  return Math.min(connections, maxConcurrent + maxQueue);
}
