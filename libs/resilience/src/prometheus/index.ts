// @carta/resilience/prometheus: the Prometheus binding. Only this entry point loads prom-client.
export { RESILIENCE_METRIC_NAMES } from './resilience-metric-names.js';
export { RESILIENCE_METRICS_REGISTRY, ResilienceMetrics } from './resilience-metrics.js';
export { ResilienceMetricsModule } from './resilience-metrics.module.js';
