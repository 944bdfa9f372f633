import { Controller, Get, Param } from '@nestjs/common';
import { InventoryService, type StockView } from './inventory.service.js';

@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':sku')
  stock(@Param('sku') sku: string): Promise<StockView> {
    return this.inventory.stock(sku);
  }
}
