import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller.js';
import { ProductCatalog } from './product-catalog.js';

/** The simulated catalog service: the app behind the catalog listener. */
@Module({
  controllers: [CatalogController],
  providers: [{ provide: ProductCatalog, useFactory: () => new ProductCatalog() }],
})
export class CatalogModule {}
