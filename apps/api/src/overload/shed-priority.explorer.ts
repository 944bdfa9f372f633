import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { MissingShedPriorityError } from './missing-shed-priority.error.js';
import { ROUTE_PRIORITIES, type RoutePriority } from './route-priority.js';
import { ShedPriorityAccessor } from './shed-priority.accessor.js';

/**
 * At boot, checks that every route the app serves has a load-shedding priority, so a new route
 * is never shed (or spared) by accident: one without fails the boot, naming `Class#method`.
 */
@Injectable()
export class ShedPriorityExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: ShedPriorityAccessor,
  ) {}

  onModuleInit(): void {
    const missing: string[] = [];
    for (const { metatype } of this.discovery.getControllers()) {
      if (typeof metatype !== 'function') continue;
      const controller = metatype as Type;
      const prototype = controller.prototype as Record<string, () => unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        // Route decorators (@Get, @Post, ...) record a path on the method; other methods are no routes.
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (!isRoutePriority(this.accessor.priorityOf(handler, controller)))
          missing.push(`${controller.name}#${method}`);
      }
    }
    if (missing.length > 0) throw new MissingShedPriorityError(missing);
  }
}

const isRoutePriority = (value: unknown): value is RoutePriority =>
  (ROUTE_PRIORITIES as readonly unknown[]).includes(value);
