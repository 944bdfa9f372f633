import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ResilienceHealthIndicator, type ResilienceHealthView } from '@carta/resilience/terminus';
import type { Redis } from 'ioredis';
import { CheckoutQueueReadiness } from '../checkout/checkout-queue-readiness.js';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator.js';
import { REDIS } from '../redis/redis.module.js';
import { READINESS_CHECK_TIMEOUT_MS } from './readiness-check.timeout.js';

/**
 * Probes for the platform. Readiness is this instance's own plumbing (Redis, the queue), never
 * a dependency's health: an open payments breaker is the shop coping, not a reason to pull
 * the instance from the load balancer.
 */
@Controller('health')
@ShedPriority('never')
@SkipRateLimit()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly resilience: ResilienceHealthIndicator,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly checkoutQueue: CheckoutQueueReadiness,
  ) {}

  /** The process answers. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('process')
          .up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  /** Redis answers and the queue works: the checkout worker runs (worker roles), or the producer is connected (api role). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => void (await this.redis.ping()))
          .withTimeout(READINESS_CHECK_TIMEOUT_MS),
      () => this.checkoutQueue.check(),
    ]);
  }

  /** Each dependency's breaker and pool, always 200: informational, for dashboards. */
  @Get('dependencies')
  dependencies(): ResilienceHealthView {
    return this.resilience.view();
  }
}
