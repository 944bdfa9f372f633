import { Injectable, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SKIP_RATE_LIMIT_METADATA } from './skip-rate-limit.decorator.js';

/** A route handler, as an ExecutionContext names it. */
type Handler = ReturnType<ExecutionContext['getHandler']>;

/** Reads {@link SkipRateLimit}: on the route, or on its controller. */
@Injectable()
export class SkipRateLimitAccessor {
  // Read on every request, so cached. Keyed by controller, then handler: a subclass inherits
  // its parent's handlers but may be exempt on its own.
  private readonly cache = new WeakMap<Type, Map<Handler, boolean>>();

  constructor(private readonly reflector: Reflector) {}

  /** Whether `handler` of `controller` is exempt from the rate limit. */
  isExempt(handler: Handler, controller: Type): boolean {
    let handlers = this.cache.get(controller);
    if (!handlers) this.cache.set(controller, (handlers = new Map()));
    let exempt = handlers.get(handler);
    if (exempt === undefined) {
      exempt =
        this.reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT_METADATA, [
          handler,
          controller,
        ]) === true;
      handlers.set(handler, exempt);
    }
    return exempt;
  }
}
