import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AdminModule } from './admin/admin.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { DependencyFaults } from './faults/dependency-faults.js';
import { DEPENDENCY_NAMES, type DependencyName } from './faults/dependency-name.js';
import { FaultBoard } from './faults/fault-board.js';
import { installFaultHooks } from './faults/fault.hooks.js';
import { parseFaultSettings } from './faults/fault-settings.parser.js';
import type { FaultSettings } from './faults/fault-settings.js';
import { ServerListener } from './faults/server-listener.js';
import { createListenerApp } from './http/listener-app.factory.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import {
  DEFAULT_HOST,
  DEFAULT_INVENTORY_STOCK,
  DEFAULT_PORTS,
  type ListenerName,
  type UpstreamsOptions,
} from './upstreams.options.js';

/** A started simulator. */
export interface RunningUpstreams {
  /** The port of each listener, as bound (never 0). */
  ports: Record<ListenerName, number>;
  /** The base URL of each listener, e.g. `http://127.0.0.1:4001`. */
  urls: Record<ListenerName, string>;
  /** Closes every listener and connection, held requests included. Safe to call twice. */
  close(): Promise<void>;
}

/** One Nest app and the listening socket the simulator drives under it. */
interface Listener {
  app: NestFastifyApplication;
  listener: ServerListener;
  faults?: DependencyFaults;
}

/**
 * Starts the simulated catalog, inventory and payment services and the admin API that sets
 * their faults, each on its own listener, and resolves once all four listen.
 *
 * @example
 * const upstreams = await startUpstreams({ ports: { admin: 0, catalog: 0, inventory: 0, payments: 0 } });
 * await fetch(`${upstreams.urls.catalog}/products`);
 * await upstreams.close();
 */
export async function startUpstreams(options: UpstreamsOptions = {}): Promise<RunningUpstreams> {
  const host = options.host ?? DEFAULT_HOST;
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  // Checked before anything listens, so bad settings leave nothing to clean up.
  const initialFaults = Object.fromEntries(
    DEPENDENCY_NAMES.map((name) => [name, parseFaultSettings(options.faults?.[name] ?? {})]),
  ) as Record<DependencyName, FaultSettings>;
  const modules: Record<DependencyName, Type | DynamicModule> = {
    catalog: CatalogModule,
    inventory: InventoryModule.register(options.inventoryStock ?? DEFAULT_INVENTORY_STOCK),
    payments: PaymentsModule,
  };
  const started: Listener[] = [];
  try {
    const dependencies = {} as Record<DependencyName, DependencyFaults>;
    for (const name of DEPENDENCY_NAMES) {
      const { faults } = await startListener(started, modules[name], host, ports[name], name);
      dependencies[name] = faults!;
    }
    await startListener(started, AdminModule.register(new FaultBoard(dependencies)), host, ports.admin);
    // Only once every port is bound: "down" closes the socket, but the port stays the one picked.
    for (const name of DEPENDENCY_NAMES) await dependencies[name].apply(initialFaults[name]);
  } catch (error) {
    // The error that stopped the start is the one worth reporting, not a failure to clean up.
    await closeAll(started).catch(() => undefined);
    throw error;
  }
  const [catalog, inventory, payments, admin] = started.map(({ listener }) => listener.port);
  const bound = { admin, catalog, inventory, payments };
  let closing: Promise<void> | undefined;
  return {
    ports: bound,
    urls: mapValues(bound, (port) => urlOf(host, port)),
    close: () => (closing ??= closeAll(started)),
  };
}

async function startListener(
  started: Listener[],
  module: Type | DynamicModule,
  host: string,
  port: number,
  dependency?: DependencyName,
): Promise<Listener> {
  const app = await createListenerApp(module);
  const listener = new ServerListener(app.getHttpServer(), host, port);
  const entry: Listener = { app, listener };
  started.push(entry);
  if (dependency !== undefined) {
    entry.faults = new DependencyFaults(dependency, listener);
    installFaultHooks(app.getHttpAdapter().getInstance(), entry.faults);
  }
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await listener.open();
  return entry;
}

// The admin listener goes first, so no fault change races the shutdown. One listener failing
// to close does not keep the others open.
async function closeAll(started: readonly Listener[]): Promise<void> {
  const failures: unknown[] = [];
  for (const { app, listener, faults } of [...started].reverse()) {
    try {
      await (faults ? faults.close() : listener.shut());
      await app.close();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

function urlOf(host: string, port: number): string {
  // A wildcard address is no place to connect to; loopback reaches it.
  const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${target.includes(':') ? `[${target}]` : target}:${port}`;
}

function mapValues<K extends string, V, W>(record: Record<K, V>, map: (value: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as V)])) as Record<
    K,
    W
  >;
}
