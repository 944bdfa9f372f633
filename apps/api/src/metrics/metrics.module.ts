import { Global, Module, type OnModuleDestroy } from '@nestjs/common';
import { ResilienceMetrics } from '@carta/resilience/prometheus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ShopMetrics } from './shop-metrics.js';

/** `GET /metrics`: Node defaults, the policies (ResilienceMetrics), the shop's own and the queue's. */
@Global()
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  // The queue's gauge (QueueMetrics) lives in CheckoutModule, beside the queue it reads.
  providers: [ResilienceMetrics, ShopMetrics],
  exports: [ShopMetrics],
})
export class MetricsModule implements OnModuleDestroy {
  constructor(private readonly shop: ShopMetrics) {}

  onModuleDestroy(): void {
    this.shop.dispose();
  }
}
