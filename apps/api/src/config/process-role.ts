import type { ApiConfig } from './api.config.js';

/** Whether this process serves the shop's routes (catalog, inventory, checkout, orders): every role but `worker`. */
export function servesShop(config: Pick<ApiConfig, 'ROLE'>): boolean {
  return config.ROLE !== 'worker';
}

/** Whether this process runs the checkout worker: every role but `api`. */
export function runsCheckoutWorker(config: Pick<ApiConfig, 'ROLE'>): boolean {
  return config.ROLE !== 'api';
}
