import { Controller, Get } from '@nestjs/common';

/** The shop's own liveness probe: answers from memory, never touching a dependency, so it stays fast while they hang. */
@Controller('healthz')
export class LivenessController {
  @Get()
  live(): { ok: true } {
    return { ok: true };
  }
}
