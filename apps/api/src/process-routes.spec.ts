import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CheckoutModule } from './checkout/checkout.module.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { loadApiConfig } from './config/load-api-config.js';

type ModuleRef = Type | DynamicModule;
const SHOP = ['CatalogController', 'InventoryController', 'CheckoutController', 'OrdersController'];
const PROBES = ['LivenessController', 'HealthController'];

// Walks the module tree as Nest does: a module's decorator metadata merged with its dynamic metadata.
function controllerNames(ref: ModuleRef, seen = new Set<unknown>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(ref)) return names;
  seen.add(ref);
  const dynamic = 'module' in ref ? ref : undefined;
  const moduleClass = dynamic ? dynamic.module : (ref as Type);
  const controllers = [
    ...((Reflect.getMetadata('controllers', moduleClass) as Type[] | undefined) ?? []),
    ...(dynamic?.controllers ?? []),
  ];
  for (const controller of controllers) names.add(controller.name);
  const imports = [
    ...((Reflect.getMetadata('imports', moduleClass) as unknown[] | undefined) ?? []),
    ...(dynamic?.imports ?? []),
  ];
  for (const imported of imports) {
    // A class or a dynamic module; a Promise or a forwardRef is none of this test's modules.
    const isModule =
      typeof imported === 'function' ||
      (typeof imported === 'object' && imported !== null && 'module' in imported);
    if (isModule) for (const name of controllerNames(imported as ModuleRef, seen)) names.add(name);
  }
  return names;
}

const routesOf = (env: Record<string, string>): string[] => {
  const config = loadApiConfig(env);
  const modules = [HealthModule, CatalogModule, InventoryModule, OrdersModule, CheckoutModule, AdminModule];
  return [...controllerNames({ module: class Process {}, imports: modules.map((m) => m.forConfig(config)) })];
};

describe('the routes each process role declares, module by module', () => {
  it('a worker process declares the probes and no shop or admin route', () => {
    const routes = routesOf({ ROLE: 'worker' });
    expect(routes).toEqual(expect.arrayContaining(PROBES));
    for (const shop of [...SHOP, 'AdminController']) expect(routes).not.toContain(shop);
  });

  it('api and all processes declare the probes and every shop route', () => {
    for (const ROLE of ['api', 'all'])
      expect(routesOf({ ROLE })).toEqual(expect.arrayContaining([...PROBES, ...SHOP]));
  });

  it('declares the admin routes only when ADMIN_TOKEN is set, whatever the role', () => {
    expect(routesOf({ ROLE: 'all' })).not.toContain('AdminController');
    expect(routesOf({ ROLE: 'worker', ADMIN_TOKEN: 'a-token-long-enough-for-the-config' })).toContain(
      'AdminController',
    );
  });
});
