import { Injectable, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SHED_PRIORITY_METADATA } from './shed-priority.decorator.js';
import type { RoutePriority } from './route-priority.js';

/** A route handler, as an ExecutionContext names it. */
type Handler = ReturnType<ExecutionContext['getHandler']>;

/** Reads {@link ShedPriority}: the route's own, else its controller's. */
@Injectable()
export class ShedPriorityAccessor {
  // Read on every request, so cached. Keyed by controller, then handler: a subclass inherits
  // its parent's handlers but may carry a priority of its own.
  private readonly cache = new WeakMap<Type, Map<Handler, RoutePriority | undefined>>();

  constructor(private readonly reflector: Reflector) {}

  /** The priority of `handler` of `controller`, or undefined if neither is marked. */
  priorityOf(handler: Handler, controller: Type): RoutePriority | undefined {
    let handlers = this.cache.get(controller);
    if (!handlers) this.cache.set(controller, (handlers = new Map()));
    if (handlers.has(handler)) return handlers.get(handler);
    const priority = this.reflector.getAllAndOverride<RoutePriority | undefined>(SHED_PRIORITY_METADATA, [
      handler,
      controller,
    ]);
    handlers.set(handler, priority);
    return priority;
  }
}
