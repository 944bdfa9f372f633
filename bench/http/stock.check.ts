import type { StockView } from '../../apps/api/src/inventory/inventory.service.js';
import { CHECKOUT_SKUS } from './http-routes.js';

/** The simulated inventory holds less of a sku than the checkouts could take: they would turn 409. */
export class InsufficientBenchStockError extends Error {
  override readonly name = 'InsufficientBenchStockError';
}

/**
 * Checks inventory (`GET /stock/:sku` on the simulator) holds at least `units` of every sku the
 * checkouts take. The simulator starts with INVENTORY_STOCK units of each (1,000,000 unless the
 * environment says less), and the bench starts a fresh one, so this only fails on a small
 * INVENTORY_STOCK.
 */
export async function assertStockFor({
  inventoryUrl,
  units,
}: {
  inventoryUrl: string;
  units: number;
}): Promise<void> {
  for (const sku of CHECKOUT_SKUS) {
    const response = await fetch(`${inventoryUrl}/stock/${encodeURIComponent(sku)}`);
    const { available } = (await response.json()) as Partial<StockView>;
    if (typeof available !== 'number' || available < units)
      throw new InsufficientBenchStockError(
        `inventory holds ${available} of ${sku}, and the checkouts may take up to ${units}: unset INVENTORY_STOCK (default 1000000)`,
      );
  }
}
