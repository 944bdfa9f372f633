import {
  Inject,
  Module,
  ValidationPipe,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { validationProblems } from '../../../apps/api/src/checkout/validation-problems.js';
import { InvalidRequestError } from '../../../apps/api/src/errors/api-errors.js';
import { CaptureQueue } from './capture.queue.js';
import { CatalogCopyCache } from './catalog-copy.cache.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';
import { CheckoutController } from './checkout.controller.js';
import { CheckoutRecords } from './checkout.records.js';
import { CheckoutService } from './checkout.service.js';
import { DEPENDENCY_GUARD } from './dependency.guard.js';
import { InventoryController } from './inventory.controller.js';
import { InventoryService } from './inventory.service.js';
import { PeerErrorFilter } from './peer-error.filter.js';
import { PEER_REDIS, peerRedisProvider } from './peer-redis.provider.js';
import { PEER_SETTINGS, type PeerSettings } from './peer-settings.js';
import { PEER_OPTIONS, type PeerOptions } from './peer.options.js';
import { UpstreamClients } from './upstream.clients.js';

/** Carta's four shop routes as one small app, protected by `options.guard`. */
@Module({})
export class ShopPeerModule implements OnApplicationShutdown {
  constructor(@Inject(PEER_REDIS) private readonly redis: Redis) {}

  static forPeer(options: PeerOptions, settings: PeerSettings): DynamicModule {
    return {
      module: ShopPeerModule,
      controllers: [CatalogController, InventoryController, CheckoutController],
      providers: [
        { provide: PEER_OPTIONS, useValue: options },
        { provide: PEER_SETTINGS, useValue: settings },
        { provide: DEPENDENCY_GUARD, useClass: options.guard },
        peerRedisProvider,
        UpstreamClients,
        CatalogCopyCache,
        CatalogService,
        InventoryService,
        CheckoutRecords,
        CaptureQueue,
        CheckoutService,
        { provide: APP_FILTER, useClass: PeerErrorFilter },
        {
          // The checkout body validated as Carta validates it.
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: (errors) => new InvalidRequestError(validationProblems(errors)),
          }),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
