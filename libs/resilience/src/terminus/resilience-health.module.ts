import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ResilienceHealthIndicator } from './resilience-health.indicator.js';

/**
 * Provides {@link ResilienceHealthIndicator}. It reads the `PolicyRegistry` of a global
 * `ResilienceModule.forRoot(...)` (global unless `isGlobal: false`).
 * @example
 * \@Module({ imports: [ResilienceModule.forRoot({ policies }), ResilienceHealthModule], controllers: [HealthController] })
 */
@Module({
  imports: [TerminusModule],
  providers: [ResilienceHealthIndicator],
  exports: [ResilienceHealthIndicator],
})
export class ResilienceHealthModule {}
