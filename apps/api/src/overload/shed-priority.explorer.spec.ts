import { Controller, Get, Post, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import { Test } from '@nestjs/testing';
import { isMissingShedPriorityError } from './missing-shed-priority.error.js';
import { ShedPriorityAccessor } from './shed-priority.accessor.js';
import { ShedPriority } from './shed-priority.decorator.js';
import { ShedPriorityExplorer } from './shed-priority.explorer.js';

@Controller('catalog')
@ShedPriority('browse')
class MarkedController {
  @Get()
  list(): string {
    return 'list';
  }

  // Overrides the controller's priority for this route.
  @Post('refresh')
  @ShedPriority('never')
  refresh(): string {
    return 'refreshed';
  }

  // Not a route: needs no priority.
  helper(): string {
    return 'helper';
  }
}

@Controller('orders')
class UnmarkedController {
  @Get(':id')
  get(): string {
    return 'order';
  }

  @Post()
  @ShedPriority('checkout')
  place(): string {
    return 'placed';
  }

  @Get()
  list(): string {
    return 'orders';
  }
}

// As OverloadModule's configure() does, before the routes are registered.
async function markRoutes(controllers: Type[]): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    providers: [ShedPriorityAccessor, ShedPriorityExplorer],
  }).compile();
  try {
    moduleRef.get(ShedPriorityExplorer).markRoutes();
  } finally {
    await moduleRef.close();
  }
}

const routeConfigOf = (handler: unknown): unknown =>
  Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler as object);

describe('ShedPriorityExplorer', () => {
  it('puts each route’s priority, its own or its controller’s, in its Fastify route config', async () => {
    await markRoutes([MarkedController]);
    const prototype = MarkedController.prototype;
    expect(routeConfigOf(prototype.list)).toEqual({ shedPriority: 'browse' });
    expect(routeConfigOf(prototype.refresh)).toEqual({ shedPriority: 'never' });
    expect(routeConfigOf(prototype.helper)).toBeUndefined();
  });

  it('fails the boot naming every route without a priority as Class#method, and the fix', async () => {
    const error: unknown = await markRoutes([MarkedController, UnmarkedController]).catch((e: unknown) => e);
    expect(isMissingShedPriorityError(error)).toBe(true);
    expect(error).toMatchObject({ sites: ['UnmarkedController#get', 'UnmarkedController#list'] });
    expect((error as Error).message).toContain("@ShedPriority('browse' | 'checkout' | 'never')");
  });
});
