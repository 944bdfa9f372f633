import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiConfig } from '../config/api.config.js';
import { OverloadedError } from '../errors/api-errors.js';
import { LoadShedder } from './load-shedder.js';
import { OverloadMetrics } from './overload.metrics.js';
import { shedRetryAfterSeconds } from './shed-settings.js';
import { ShedPriorityAccessor } from './shed-priority.accessor.js';

/**
 * Refuses a request whose route's priority the process sheds at its current overload, before
 * any pipe, interceptor or handler runs (so before any dependency is called): `503 overloaded`
 * with Retry-After, through the exception filter, counted in `http_shed_total{route}`.
 */
@Injectable()
export class LoadSheddingGuard implements CanActivate {
  private readonly overloaded: OverloadedError;

  constructor(
    private readonly shedder: LoadShedder,
    private readonly priorities: ShedPriorityAccessor,
    private readonly metrics: OverloadMetrics,
    config: ApiConfig,
  ) {
    this.overloaded = new OverloadedError(shedRetryAfterSeconds(config));
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    // Every route has a priority (ShedPriorityExplorer checked at boot).
    const priority = this.priorities.priorityOf(context.getHandler(), context.getClass()) ?? 'never';
    if (this.shedder.admits(priority)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    this.metrics.shed(request.routeOptions.url ?? 'unmatched');
    throw this.overloaded;
  }
}
