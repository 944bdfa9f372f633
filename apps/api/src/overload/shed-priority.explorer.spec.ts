import { Controller, Get, Post, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
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

async function boot(controllers: Type[]) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    providers: [ShedPriorityAccessor, ShedPriorityExplorer],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('ShedPriorityExplorer', () => {
  it('boots when every route has a priority, its own or its controller’s', async () => {
    const moduleRef = await boot([MarkedController]);
    const accessor = moduleRef.get(ShedPriorityAccessor);
    const prototype = MarkedController.prototype;
    expect(accessor.priorityOf(prototype.list, MarkedController)).toBe('browse');
    expect(accessor.priorityOf(prototype.refresh, MarkedController)).toBe('never');
    await moduleRef.close();
  });

  it('fails the boot naming every route without a priority as Class#method, and the fix', async () => {
    const error: unknown = await boot([MarkedController, UnmarkedController]).catch((e: unknown) => e);
    expect(isMissingShedPriorityError(error)).toBe(true);
    expect(error).toMatchObject({ sites: ['UnmarkedController#get', 'UnmarkedController#list'] });
    expect((error as Error).message).toContain("@ShedPriority('browse' | 'checkout' | 'never')");
  });
});
