import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../config/api.config.js';
import { oncePerConfig } from '../config/once-per-config.js';
import { servesShop } from '../config/process-role.js';
import { catalogCacheProvider } from './catalog-cache.provider.js';
import { CatalogClient } from './catalog.client.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';
import { LastKnownGoodCache } from './last-known-good.cache.js';

/** The catalog: its client, its last-known-good cache, and its routes where the role serves the shop. */
@Module({
  providers: [CatalogClient, CatalogService, LastKnownGoodCache, catalogCacheProvider],
  exports: [CatalogService],
})
export class CatalogModule {
  /** The module with the routes `config.ROLE` serves; the same object for the same config. */
  static forConfig(config: Pick<ApiConfig, 'ROLE'>): DynamicModule {
    return catalogModuleFor(config);
  }
}

const catalogModuleFor = oncePerConfig((config: Pick<ApiConfig, 'ROLE'>): DynamicModule => ({
  module: CatalogModule,
  controllers: servesShop(config) ? [CatalogController] : [],
}));
