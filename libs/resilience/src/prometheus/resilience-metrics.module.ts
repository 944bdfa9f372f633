import { Module } from '@nestjs/common';
import { ResilienceMetrics } from './resilience-metrics.js';

/**
 * The policies' Prometheus metrics, registered in prom-client's registry (or the one provided
 * under `RESILIENCE_METRICS_REGISTRY`). Needs `ResilienceModule.forRoot({ isGlobal: true, ... })`
 * for the policies; something must serve `GET /metrics`, such as `@willsoto/nestjs-prometheus`.
 * @example
 * imports: [PrometheusModule.register(), ResilienceMetricsModule]
 */
@Module({ providers: [ResilienceMetrics] })
export class ResilienceMetricsModule {}
