import { Controller, Get } from '@nestjs/common';

/** Liveness: answers from memory, never touching a dependency, so it stays fast while they hang. */
@Controller('healthz')
export class HealthController {
  @Get()
  live(): { ok: true } {
    return { ok: true };
  }
}
