import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { addRouteConfig, routeMethods } from '../http/route-config.js';
import { SkipRateLimitAccessor } from './skip-rate-limit.accessor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Whether the route is rate limited (SkipRateLimitExplorer). */
    rateLimited?: boolean;
  }
}

/**
 * At boot, before the routes are registered, records in each route's Fastify route config
 * whether it is rate limited (`rateLimited`: not marked {@link SkipRateLimit}), where the rate
 * limit hook finds it without a lookup per request.
 */
@Injectable()
export class SkipRateLimitExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: SkipRateLimitAccessor,
  ) {}

  /** Records, for every route, whether it is rate limited. */
  markRoutes(): void {
    for (const route of routeMethods(this.discovery, this.scanner))
      addRouteConfig(route, { rateLimited: !this.accessor.isExempt(route.handler, route.controller) });
  }
}
