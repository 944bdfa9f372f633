import { Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SKIP_RATE_LIMIT_METADATA } from './skip-rate-limit.decorator.js';

/** Reads {@link SkipRateLimit}: on the route, or on its controller. */
@Injectable()
export class SkipRateLimitAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** Whether `handler` of `controller` is exempt from the rate limit. */
  isExempt(handler: (...args: unknown[]) => unknown, controller: Type): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT_METADATA, [
        handler,
        controller,
      ]) === true
    );
  }
}
