import { Global, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { ResilienceMetrics } from '@carta/resilience/prometheus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { CheckoutModule } from '../checkout/checkout.module.js';
import type { ApiConfig } from '../config/api.config.js';
import { MetricsController } from './metrics.controller.js';
import { QueueMetrics } from './queue-metrics.js';
import { ShopMetrics } from './shop-metrics.js';

/** `GET /metrics`: Node defaults, the policies (ResilienceMetrics), the shop's own and the queue's. */
@Global()
@Module({})
export class MetricsModule implements OnModuleDestroy {
  constructor(private readonly shop: ShopMetrics) {}

  /** Every metric of a process of `config.ROLE`; the queue's gauge reads the queue CheckoutModule exports. */
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          defaultMetrics: { enabled: true },
          controller: MetricsController,
        }),
        CheckoutModule.forConfig(config),
      ],
      providers: [ResilienceMetrics, ShopMetrics, QueueMetrics],
      exports: [ShopMetrics],
    };
  }

  onModuleDestroy(): void {
    this.shop.dispose();
  }
}
