import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator.js';

/** `GET /metrics` (the path is PrometheusModule's): never shed nor rate limited, so an overloaded process can still be watched. */
@Controller()
@ShedPriority('never')
@SkipRateLimit()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
