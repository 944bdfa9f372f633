import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../config/api.config.js';
import { oncePerConfig } from '../config/once-per-config.js';
import { servesShop } from '../config/process-role.js';
import { InventoryClient } from './inventory.client.js';
import { InventoryController } from './inventory.controller.js';
import { InventoryService } from './inventory.service.js';

/** Inventory: its client and service, and its routes where the role serves the shop. */
@Module({
  providers: [InventoryClient, InventoryService],
  exports: [InventoryClient, InventoryService],
})
export class InventoryModule {
  /** The module with the routes `config.ROLE` serves; the same object for the same config. */
  static forConfig(config: Pick<ApiConfig, 'ROLE'>): DynamicModule {
    return inventoryModuleFor(config);
  }
}

const inventoryModuleFor = oncePerConfig((config: Pick<ApiConfig, 'ROLE'>): DynamicModule => ({
  module: InventoryModule,
  controllers: servesShop(config) ? [InventoryController] : [],
}));
