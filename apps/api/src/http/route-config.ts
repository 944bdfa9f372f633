import type { Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyContextConfig } from 'fastify';
import { apiMessages } from '../api.messages.js';

/** A controller method that is a route (it has a path), with its controller. */
export interface RouteMethod {
  controller: Type;
  method: string;
  handler: (...args: unknown[]) => unknown;
}

/** Two controllers share one route method but want different route config for it. */
export class RouteConfigConflictError extends Error {
  override readonly name = 'RouteConfigConflictError';
}

/** Every route method of the app's controllers, inherited ones too. */
export function routeMethods(discovery: DiscoveryService, scanner: MetadataScanner): RouteMethod[] {
  const routes: RouteMethod[] = [];
  for (const { metatype } of discovery.getControllers()) {
    if (typeof metatype !== 'function') continue;
    const controller = metatype as Type;
    const prototype = controller.prototype as Record<string, RouteMethod['handler']>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[method];
      // Route decorators (@Get, @Post, ...) record a path on the method; other methods are no routes.
      if (Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
        routes.push({ controller, method, handler });
    }
  }
  return routes;
}

/**
 * Adds `config` to the Fastify route config of `route`, as `@RouteConfig()` would: Nest hands
 * it to Fastify when it registers the route, where hooks read it. Call it before the routes
 * are registered (a module's `configure()`). A method inherited by two controllers is one
 * function, so one config: it fails, naming the method, if they want different values.
 */
export function addRouteConfig(route: RouteMethod, config: Partial<FastifyContextConfig>): void {
  const current = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, route.handler) ?? {}) as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(config)) {
    if (key in current && current[key] !== value)
      throw new RouteConfigConflictError(
        apiMessages.routeConfigConflict(`${route.controller.name}#${route.method}`, key),
      );
  }
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...current, ...config }, route.handler);
}
