import {
  Inject,
  Module,
  Optional,
  type DynamicModule,
  type NestModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '../config/api.config.js';
import { addRouteOnRequestHooks } from '../http/route-on-request.hook.js';
import { countRequestsInFlight } from './count-in-flight.hook.js';
import { EventLoopDelaySampler } from './event-loop-delay.sampler.js';
import { InFlightRequests } from './in-flight-requests.js';
import { LoadShedder } from './load-shedder.js';
import { LoadSheddingHook } from './load-shedding.hook.js';
import { OverloadMetrics } from './overload.metrics.js';
import { ProcessOverloadSignal } from './process-overload.signal.js';
import { ShedPriorityAccessor } from './shed-priority.accessor.js';
import { ShedPriorityExplorer } from './shed-priority.explorer.js';
import { shedThresholdsOf } from './shed-settings.js';

/**
 * Load shedding by priority: measures the process's overload (event-loop delay, requests in
 * flight), exports it, checks every route has a priority, and, with SHED_ENABLED, refuses the
 * routes its overload sheds through a hook on each sheddable route.
 */
@Module({})
export class OverloadModule implements NestModule, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly eventLoop: EventLoopDelaySampler,
    private readonly requests: InFlightRequests,
    private readonly explorer: ShedPriorityExplorer,
    // Absent without SHED_ENABLED.
    @Optional() @Inject(LoadSheddingHook) private readonly shedding?: LoadSheddingHook,
  ) {}

  /** The module for `config`; without SHED_ENABLED it measures and exports, and refuses nothing. */
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: OverloadModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: EventLoopDelaySampler,
          useFactory: () => new EventLoopDelaySampler({ windowMs: config.SHED_EVENT_LOOP_WINDOW_MS }),
        },
        { provide: InFlightRequests, useValue: new InFlightRequests() },
        {
          provide: ProcessOverloadSignal,
          inject: [EventLoopDelaySampler, InFlightRequests],
          useFactory: (eventLoop: EventLoopDelaySampler, requests: InFlightRequests) =>
            new ProcessOverloadSignal(eventLoop, requests),
        },
        {
          provide: LoadShedder,
          inject: [ProcessOverloadSignal],
          useFactory: (signal: ProcessOverloadSignal) => new LoadShedder(signal, shedThresholdsOf(config)),
        },
        OverloadMetrics,
        ShedPriorityAccessor,
        ShedPriorityExplorer,
        ...(config.SHED_ENABLED ? [LoadSheddingHook] : []),
      ],
    };
  }

  // Before Nest registers the routes: each sheddable route gets its hook as it is registered.
  configure(): void {
    this.explorer.markRoutes();
    const shedding = this.shedding;
    if (shedding === undefined) return;
    // 'last': after the rate limit's hook, which judges the client before this judges the process.
    addRouteOnRequestHooks(this.fastify(), {
      place: 'last',
      hookFor: (route) => {
        const priority = route.config?.shedPriority;
        return priority === undefined || priority === 'never'
          ? undefined
          : shedding.forRoute(route.url, priority);
      },
    });
  }

  onModuleInit(): void {
    countRequestsInFlight(this.fastify(), this.requests);
  }

  // Once the app is built: the boot's own long synchronous stretches say nothing about load.
  onApplicationBootstrap(): void {
    this.eventLoop.start();
  }

  onModuleDestroy(): void {
    this.eventLoop.stop();
  }

  private fastify(): FastifyInstance {
    return this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
  }
}
