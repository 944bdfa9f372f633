import { BullModule } from '@nestjs/bullmq';
import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { applyEnvOverrides, DeadlineInterceptor, ResilienceModule } from '@carta/resilience';
import { ApiConfigModule } from './config/api-config.module.js';
import type { ApiConfig } from './config/api.config.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CheckoutModule } from './checkout/checkout.module.js';
import { InvalidRequestError } from './errors/api-errors.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { HealthController } from './health/health.controller.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { RedisModule } from './redis/redis.module.js';
import { validationProblems } from './checkout/validation-problems.js';
import { DEPENDENCY_POLICIES } from './resilience/dependency-policies.js';
import { ResolvedPoliciesModule } from './resilience/resolved-policies.module.js';

/** The shop: every feature module, wired for `config.ROLE`. */
@Module({})
export class AppModule {
  static forConfig(config: ApiConfig, env: Record<string, string | undefined>): DynamicModule {
    const policies = applyEnvOverrides(DEPENDENCY_POLICIES, env);
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        RedisModule,
        ResilienceModule.forRoot({ policies, deadline: { defaultBudgetMs: config.REQUEST_TIMEOUT_MS } }),
        BullModule.forRoot({ connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } }),
        CatalogModule,
        InventoryModule,
        OrdersModule,
        CheckoutModule.forRole(config.ROLE),
        ResolvedPoliciesModule.forRoot(policies),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor },
        {
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
}
