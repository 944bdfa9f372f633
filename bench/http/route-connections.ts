import { peerPoliciesOf } from '../peers/shared/peer-policies.js';
import type { RouteName } from './http-routes.js';

/**
 * Connections of one route's loads: `--connections`, except for `GET /inventory/:sku`, which
 * gets at most as many as the inventory bulkhead admits (in flight plus queue). Past that every
 * subject refuses or degrades by design (Carta answers estimated stock, the peers' bulkheads
 * refuse), and the ratios would compare refusals, not work. The bench sizes the bulkhead to the
 * connections (bench-environment.ts), so this caps only a run whose environment sets a smaller
 * one with `RESILIENCE_INVENTORY_BULKHEAD_*`.
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
