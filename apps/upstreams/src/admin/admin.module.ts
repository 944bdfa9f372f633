import { Module, type DynamicModule } from '@nestjs/common';
import { FaultBoard } from '../faults/fault-board.js';
import { FaultsController } from './faults.controller.js';
import { StatsController } from './stats.controller.js';

/** The control API: the app behind the admin listener, which no fault touches. */
@Module({})
export class AdminModule {
  /** Controls the dependencies on `board`. */
  static register(board: FaultBoard): DynamicModule {
    return {
      module: AdminModule,
      controllers: [FaultsController, StatsController],
      providers: [{ provide: FaultBoard, useValue: board }],
    };
  }
}
