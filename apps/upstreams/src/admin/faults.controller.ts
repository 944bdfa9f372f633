import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import type { DependencyName } from '../faults/dependency-name.js';
import { FaultBoard } from '../faults/fault-board.js';
import { parseFaultSettings } from '../faults/fault-settings.parser.js';
import type { FaultSettings } from '../faults/fault-settings.js';

/** Reads and replaces each dependency's faults. */
@Controller('__faults')
export class FaultsController {
  constructor(private readonly board: FaultBoard) {}

  @Get()
  all(): Record<DependencyName, FaultSettings> {
    return this.board.settings();
  }

  /** Answers once the change is in force: after "down" the port refuses, after "up" it serves. */
  @Put(':dependency')
  replace(@Param('dependency') name: string, @Body() body: unknown): Promise<FaultSettings> {
    const faults = this.board.get(name);
    return faults.apply(parseFaultSettings(body));
  }
}
