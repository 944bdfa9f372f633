import { Controller, Get, Param } from '@nestjs/common';
import type { StockView } from '../../../apps/api/src/inventory/inventory.service.js';
import { InventoryService } from './inventory.service.js';

@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':sku')
  stock(@Param('sku') sku: string): Promise<StockView> {
    return this.inventory.stock(sku);
  }
}
