import type { Type } from '@nestjs/common';
import { CatalogController } from './catalog/catalog.controller.js';
import { CheckoutController } from './checkout/checkout.controller.js';
import type { ApiConfig } from './config/api.config.js';
import { AdminController } from './admin/admin.controller.js';
import { HealthController } from './health/health.controller.js';
import { LivenessController } from './health/liveness.controller.js';
import { InventoryController } from './inventory/inventory.controller.js';
import { OrdersController } from './orders/orders.controller.js';

/**
 * The routes a process serves. Every role answers health probes and (through MetricsModule)
 * /metrics; only api roles serve the shop; admin routes exist only when ADMIN_TOKEN is set.
 */
export function controllersFor(config: ApiConfig): Type[] {
  const shop =
    config.ROLE === 'worker'
      ? []
      : [CatalogController, InventoryController, CheckoutController, OrdersController];
  const admin = config.ADMIN_TOKEN ? [AdminController] : [];
  return [LivenessController, HealthController, ...shop, ...admin];
}
