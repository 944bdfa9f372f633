export { startUpstreams, type RunningUpstreams } from './upstreams.js';
export type { ListenerName, UpstreamsOptions } from './upstreams.options.js';
export { DEFAULT_HOST, DEFAULT_PORTS, DEFAULT_INVENTORY_STOCK } from './upstreams.options.js';
export { DEPENDENCY_NAMES, type DependencyName } from './faults/dependency-name.js';
export { FAULT_MODES, HEALTHY, type FaultMode, type FaultSettings } from './faults/fault-settings.js';
export { OUTCOMES, type Outcome, type StatsSnapshot } from './faults/outcome-stats.js';
export type { Product } from './catalog/product.js';
export type { Reservation, ReservationItem } from './inventory/reservation.js';
export type { Charge, ChargeRequest } from './payments/charge.js';
