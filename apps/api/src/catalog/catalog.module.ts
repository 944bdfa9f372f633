import { Module } from '@nestjs/common';
import { catalogCacheProvider } from './catalog-cache.provider.js';
import { CatalogClient } from './catalog.client.js';
import { CatalogService } from './catalog.service.js';
import { LastKnownGoodCache } from './last-known-good.cache.js';

@Module({
  providers: [CatalogClient, CatalogService, LastKnownGoodCache, catalogCacheProvider],
  exports: [CatalogService],
})
export class CatalogModule {}
