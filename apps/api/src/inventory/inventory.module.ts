import { Module } from '@nestjs/common';
import { InventoryClient } from './inventory.client.js';
import { InventoryService } from './inventory.service.js';

@Module({
  providers: [InventoryClient, InventoryService],
  exports: [InventoryClient, InventoryService],
})
export class InventoryModule {}
