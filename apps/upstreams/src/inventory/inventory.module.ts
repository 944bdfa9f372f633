import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCTS } from '../catalog/product.js';
import { InventoryController } from './inventory.controller.js';
import { StockLedger } from './stock-ledger.js';

/** The simulated inventory service: the app behind the inventory listener. */
@Module({})
export class InventoryModule {
  /** Stocks every catalog sku with `initialStock` units. */
  static register(initialStock: number): DynamicModule {
    return {
      module: InventoryModule,
      controllers: [InventoryController],
      providers: [
        {
          provide: StockLedger,
          useFactory: () => new StockLedger({ skus: PRODUCTS.map((p) => p.sku), initialStock }),
        },
      ],
    };
  }
}
