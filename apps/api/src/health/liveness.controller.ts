import { Controller, Get } from '@nestjs/common';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator.js';

/** The shop's own liveness probe: answers from memory, never touching a dependency, so it stays fast while they hang. */
@Controller('healthz')
@ShedPriority('never')
@SkipRateLimit()
export class LivenessController {
  @Get()
  live(): { ok: true } {
    return { ok: true };
  }
}
