import type { DependencyName } from './faults/dependency-name.js';
import type { FaultSettings } from './faults/fault-settings.js';

/** The listeners one simulator runs: the admin API and one per dependency. */
export type ListenerName = 'admin' | DependencyName;

/** How `startUpstreams` starts the simulator. */
export interface UpstreamsOptions {
  /** Address every listener binds. @default '127.0.0.1' */
  host?: string;
  /**
   * Port per listener; 0 lets the OS pick a free one, which a down/up cycle keeps.
   * @default { admin: 4000, catalog: 4001, inventory: 4002, payments: 4003 }
   */
  ports?: Partial<Record<ListenerName, number>>;
  /** Faults each dependency starts with; omitted fields take their healthy default. @default all healthy */
  faults?: Partial<Record<DependencyName, Partial<FaultSettings>>>;
  /** Units of every sku in stock at start. @default 1000000 */
  inventoryStock?: number;
}

/** The address listeners bind unless told otherwise: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/** The port of each listener unless told otherwise. */
export const DEFAULT_PORTS: Readonly<Record<ListenerName, number>> = Object.freeze({
  admin: 4000,
  catalog: 4001,
  inventory: 4002,
  payments: 4003,
});

// Generous enough that a load test never runs a sku out.
/** Units of every sku in stock at start unless told otherwise. */
export const DEFAULT_INVENTORY_STOCK = 1_000_000;
