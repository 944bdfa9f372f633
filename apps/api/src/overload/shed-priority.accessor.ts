import { Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SHED_PRIORITY_METADATA } from './shed-priority.decorator.js';
import type { RoutePriority } from './route-priority.js';

/** Reads {@link ShedPriority}: the route's own, else its controller's. */
@Injectable()
export class ShedPriorityAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** The priority of `handler` of `controller`, or undefined if neither is marked. */
  priorityOf(handler: (...args: unknown[]) => unknown, controller: Type): RoutePriority | undefined {
    return this.reflector.getAllAndOverride<RoutePriority | undefined>(SHED_PRIORITY_METADATA, [
      handler,
      controller,
    ]);
  }
}
