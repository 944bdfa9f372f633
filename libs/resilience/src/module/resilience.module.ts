import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MethodPipelineFactory } from '../explorer/method-pipeline.factory.js';
import { ResilienceExplorer } from '../explorer/resilience.explorer.js';
import { ResilienceMetadataAccessor } from '../explorer/resilience-metadata.accessor.js';
import { ResilientRoutes } from '../explorer/resilient-routes.js';
import { DeadlineInterceptor } from '../interceptors/deadline.interceptor.js';
import { ResilienceInterceptor } from '../interceptors/resilience.interceptor.js';
import { PolicyRegistry } from '../registry/policy-registry.js';
import { MemoryBreakerStore } from '../core/index.js';
import { BREAKER_STORE } from './breaker-store.token.js';
import type { ResilienceModuleOptions } from './resilience-module-options.js';
import { ConfigurableResilienceModule, RESILIENCE_MODULE_OPTIONS } from './resilience.module-definition.js';

/**
 * Named resilience policies for the whole app, and the decorators that apply them to any
 * provider method.
 * @example
 * ResilienceModule.forRoot({
 *   isGlobal: true,
 *   policies: { payments: { circuitBreaker: {}, retry: { maxAttempts: 3 }, timeoutMs: 2_000, bulkhead: { maxConcurrent: 20 } } },
 * })
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: BREAKER_STORE,
      useFactory: (options: ResilienceModuleOptions) => options.breakerStore ?? new MemoryBreakerStore(),
      inject: [RESILIENCE_MODULE_OPTIONS],
    },
    PolicyRegistry,
    ResilienceMetadataAccessor,
    MethodPipelineFactory,
    ResilientRoutes,
    ResilienceExplorer,
    DeadlineInterceptor,
    ResilienceInterceptor,
  ],
  // The interceptors are also instantiated in the modules whose controllers use them, so
  // what they inject must be visible there.
  exports: [
    BREAKER_STORE,
    PolicyRegistry,
    ResilientRoutes,
    RESILIENCE_MODULE_OPTIONS,
    DeadlineInterceptor,
    ResilienceInterceptor,
  ],
})
export class ResilienceModule extends ConfigurableResilienceModule {}
