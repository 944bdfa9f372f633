import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { addRouteConfig, routeMethods, type RouteMethod } from '../http/route-config.js';
import { MissingShedPriorityError } from './missing-shed-priority.error.js';
import { ROUTE_PRIORITIES, type RoutePriority } from './route-priority.js';
import { ShedPriorityAccessor } from './shed-priority.accessor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's load-shedding priority (ShedPriorityExplorer). */
    shedPriority?: RoutePriority;
  }
}

/**
 * At boot, before the routes are registered, checks that every route the app serves has a
 * load-shedding priority, so a new route is never shed (or spared) by accident: one without
 * fails the boot, naming `Class#method`. Each route's priority goes into its Fastify route
 * config (`shedPriority`), where the shedding hook finds it without a lookup per request.
 */
@Injectable()
export class ShedPriorityExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: ShedPriorityAccessor,
  ) {}

  /** Checks and records every route's priority. @throws MissingShedPriorityError */
  markRoutes(): void {
    const missing: string[] = [];
    const marked: [RouteMethod, RoutePriority][] = [];
    for (const route of routeMethods(this.discovery, this.scanner)) {
      const priority = this.accessor.priorityOf(route.handler, route.controller);
      if (isRoutePriority(priority)) marked.push([route, priority]);
      else missing.push(`${route.controller.name}#${route.method}`);
    }
    if (missing.length > 0) throw new MissingShedPriorityError(missing);
    for (const [route, shedPriority] of marked) addRouteConfig(route, { shedPriority });
  }
}

const isRoutePriority = (value: unknown): value is RoutePriority =>
  (ROUTE_PRIORITIES as readonly unknown[]).includes(value);
