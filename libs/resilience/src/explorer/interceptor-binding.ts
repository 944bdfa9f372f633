import type { Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import type { ApplicationConfig } from '@nestjs/core';
import { ResilienceInterceptor } from '../interceptors/resilience.interceptor.js';

/**
 * True when `ResilienceInterceptor` runs for the route: bound on the handler or its controller
 * with `@UseInterceptors`, or globally (`APP_INTERCEPTOR`, `app.useGlobalInterceptors`).
 * Without it a route's decorators would do nothing, so the explorer fails the boot instead.
 */
export function bindsResilienceInterceptor(
  config: ApplicationConfig,
  controller: Type,
  handler: object,
): boolean {
  const bound = [
    ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? []),
    ...((Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as unknown[] | undefined) ?? []),
    ...config.getGlobalInterceptors(),
    ...config.getGlobalRequestInterceptors().map((wrapper) => wrapper.metatype ?? wrapper.instance),
  ];
  return bound.some(isResilienceInterceptor);
}

function isResilienceInterceptor(bound: unknown): boolean {
  return (
    bound instanceof ResilienceInterceptor ||
    bound === ResilienceInterceptor ||
    (typeof bound === 'function' && (bound as Type).prototype instanceof ResilienceInterceptor)
  );
}
