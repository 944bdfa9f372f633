import type { FastifyInstance, onRequestHookHandler, RouteOptions } from 'fastify';

/** Where a route's hook goes among that route's own `onRequest` hooks. */
export type RouteHookPlace = 'first' | 'last';

/** What {@link addRouteOnRequestHooks} adds. */
export interface RouteOnRequestHooks {
  place: RouteHookPlace;
  /** The hook for a route, from its options (`url`, `config`), or undefined to add none. */
  hookFor: (route: RouteOptions) => onRequestHookHandler | undefined;
}

/**
 * Gives each route registered from now on its own `onRequest` hook, built once for it, so a
 * request pays only for the checks its route needs (none for an exempt route) and nothing to
 * look its route up. A route's own hooks run after the global ones (such as the requests in
 * flight count), once the request is routed and before its body is read. `place` orders hooks
 * added by different callers whatever order they were added in: `first` before `last`.
 */
export function addRouteOnRequestHooks(
  fastify: FastifyInstance,
  { place, hookFor }: RouteOnRequestHooks,
): void {
  fastify.addHook('onRoute', (route) => {
    const hook = hookFor(route);
    if (hook === undefined) return;
    const current = route.onRequest;
    const hooks = current === undefined ? [] : Array.isArray(current) ? [...current] : [current];
    if (place === 'first') hooks.unshift(hook);
    else hooks.push(hook);
    route.onRequest = hooks as RouteOptions['onRequest'];
  });
}
