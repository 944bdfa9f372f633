// @carta/resilience/terminus: the policies' health for @nestjs/terminus (an optional peer:
// only this entry point loads it).
export { ResilienceHealthIndicator, type ResilienceHealthOptions } from './resilience-health.indicator.js';
export { ResilienceHealthModule } from './resilience-health.module.js';
export type { PolicyHealth, ResilienceHealthView } from './resilience-health.view.js';
