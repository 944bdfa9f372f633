import { Controller, Get, Injectable, Module, type Type } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import { Test } from '@nestjs/testing';
import { addRouteConfig, RouteConfigConflictError, routeMethods, type RouteMethod } from './route-config.js';

class BaseController {
  @Get('shared')
  shared(): string {
    return 'shared';
  }
}

@Controller('a')
class AController extends BaseController {
  @Get()
  list(): string {
    return 'a';
  }

  // Not a route.
  helper(): string {
    return 'helper';
  }
}

@Controller('b')
class BController extends BaseController {}

@Injectable()
class Routes {
  constructor(
    readonly discovery: DiscoveryService,
    readonly scanner: MetadataScanner,
  ) {}
}

@Module({ imports: [DiscoveryModule], controllers: [AController, BController], providers: [Routes] })
class RoutesModule {}

async function routesOf(): Promise<RouteMethod[]> {
  const moduleRef = await Test.createTestingModule({ imports: [RoutesModule] }).compile();
  const { discovery, scanner } = moduleRef.get(Routes);
  const routes = routeMethods(discovery, scanner);
  await moduleRef.close();
  return routes;
}

const site = ({ controller, method }: RouteMethod): string => `${controller.name}#${method}`;
const configOf = (handler: unknown): unknown =>
  Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler as object);
const find = (routes: RouteMethod[], controller: Type, method: string): RouteMethod =>
  routes.find((r) => r.controller === controller && r.method === method)!;

describe('routeMethods and addRouteConfig', () => {
  afterEach(() => {
    for (const handler of [AController.prototype.list, BaseController.prototype.shared])
      Reflect.deleteMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler);
  });

  it('lists every route method of every controller, inherited ones too, and no other method', async () => {
    expect((await routesOf()).map(site).sort()).toEqual([
      'AController#list',
      'AController#shared',
      'BController#shared',
    ]);
  });

  it('merges config into what the route method already has, as Nest hands it to Fastify', async () => {
    const list = find(await routesOf(), AController, 'list');
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { own: 1 }, list.handler);
    addRouteConfig(list, { shedPriority: 'browse' });
    addRouteConfig(list, { rateLimited: true });
    expect(configOf(list.handler)).toEqual({ own: 1, shedPriority: 'browse', rateLimited: true });
  });

  it('fails, naming the method, when controllers sharing an inherited method want different values', async () => {
    const routes = await routesOf();
    addRouteConfig(find(routes, AController, 'shared'), { shedPriority: 'browse' });
    // The same value again is no conflict.
    addRouteConfig(find(routes, BController, 'shared'), { shedPriority: 'browse' });
    const clash = (): void => addRouteConfig(find(routes, BController, 'shared'), { shedPriority: 'never' });
    expect(clash).toThrow(RouteConfigConflictError);
    expect(clash).toThrow(/BController#shared .*"shedPriority"/);
  });
});
