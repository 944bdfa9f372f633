import type { DynamicModule } from '@nestjs/common';

/**
 * Wraps a `forConfig` builder so it returns the same DynamicModule object for the same config.
 * Nest tells dynamic modules apart by reference, so a feature module imported both by the app
 * and by another feature module must be the same object to be one instance (one client, one
 * cache, routes declared once).
 * @example const catalogModuleFor = oncePerConfig((config: ApiConfig) => ({ module: CatalogModule }));
 */
export function oncePerConfig<Config extends object>(
  build: (config: Config) => DynamicModule,
): (config: Config) => DynamicModule {
  const built = new WeakMap<Config, DynamicModule>();
  return (config) => {
    let module = built.get(config);
    if (!module) built.set(config, (module = build(config)));
    return module;
  };
}
