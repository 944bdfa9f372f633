import { Module } from '@nestjs/common';
import { InventoryClient } from './inventory.client.js';
import { InventoryController } from './inventory.controller.js';
import { InventoryService } from './inventory.service.js';

@Module({
  controllers: [InventoryController],
  providers: [InventoryClient, InventoryService],
  exports: [InventoryClient],
})
export class InventoryModule {}
