import { Controller, Get, Param } from '@nestjs/common';
import { ProductCatalog } from './product-catalog.js';
import type { Product } from './product.js';

/** The catalog service's routes. */
@Controller('products')
export class CatalogController {
  constructor(private readonly catalog: ProductCatalog) {}

  @Get()
  list(): { products: readonly Product[] } {
    return { products: this.catalog.list() };
  }

  @Get(':sku')
  find(@Param('sku') sku: string): { product: Product } {
    return { product: this.catalog.find(sku) };
  }
}
