import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ProductsView, ProductView } from '../../../apps/api/src/catalog/catalog.service.js';
import { CatalogService } from './catalog.service.js';

const STALE_WARNING = '110 - "Response is Stale"';

@Controller('catalog/products')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  async list(@Res({ passthrough: true }) reply: FastifyReply): Promise<ProductsView> {
    return warnIfStale(reply, await this.catalog.products());
  }

  @Get(':sku')
  async one(
    @Param('sku') sku: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductView> {
    return warnIfStale(reply, await this.catalog.product(sku));
  }
}

function warnIfStale<T extends { stale: boolean }>(reply: FastifyReply, view: T): T {
  if (view.stale) void reply.header('warning', STALE_WARNING);
  return view;
}
