import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ResilienceHealthModule } from '@carta/resilience/terminus';
import { CheckoutModule } from '../checkout/checkout.module.js';
import type { ApiConfig } from '../config/api.config.js';
import { HealthController } from './health.controller.js';
import { LivenessController } from './liveness.controller.js';

/** The probes every role answers: `/healthz`, `/health/live`, `/health/ready`, `/health/dependencies`. */
@Module({})
export class HealthModule {
  /** Probes for a process of `config.ROLE`, reading the same CheckoutModule the app imports. */
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: HealthModule,
      imports: [
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ResilienceHealthModule,
        CheckoutModule.forConfig(config),
      ],
      controllers: [LivenessController, HealthController],
    };
  }
}
