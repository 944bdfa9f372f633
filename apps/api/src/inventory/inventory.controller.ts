import { Controller, Get, Param } from '@nestjs/common';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { InventoryService, type StockView } from './inventory.service.js';

@Controller('inventory')
@ShedPriority('browse')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':sku')
  stock(@Param('sku') sku: string): Promise<StockView> {
    return this.inventory.stock(sku);
  }
}
