import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { FaultBoard } from '../faults/fault-board.js';
import type { DependencyName } from '../faults/dependency-name.js';
import type { StatsSnapshot } from '../faults/outcome-stats.js';

/** Reads and resets what became of each dependency's requests. */
@Controller('__stats')
export class StatsController {
  constructor(private readonly board: FaultBoard) {}

  @Get(':dependency')
  stats(@Param('dependency') name: string): { dependency: DependencyName } & StatsSnapshot {
    const faults = this.board.get(name);
    return { dependency: faults.name, ...faults.stats.snapshot() };
  }

  @Delete(':dependency')
  @HttpCode(204)
  reset(@Param('dependency') name: string): void {
    this.board.get(name).stats.reset();
  }
}
