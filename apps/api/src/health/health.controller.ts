import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ResilienceHealthIndicator, type ResilienceHealthView } from '@carta/resilience/terminus';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CHECKOUT_QUEUE } from '../checkout/checkout-queue.constants.js';
import { CheckoutConsumer } from '../checkout/checkout.consumer.js';
import { REDIS } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1_000;

/**
 * Probes for the platform. Readiness is this instance's own plumbing (Redis, the queue), never
 * a dependency's health: an open payments breaker is the shop coping, not a reason to pull
 * the instance from the load balancer.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly resilience: ResilienceHealthIndicator,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue,
    @Optional() private readonly consumer?: CheckoutConsumer,
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

  /** Redis answers and the queue works: the capture worker runs (worker roles), or the producer is connected (api role). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => void (await this.redis.ping()))
          .withTimeout(CHECK_TIMEOUT_MS),
      () => this.queueCheck(),
    ]);
  }

  /** Each dependency's breaker and pool, always 200: informational, for dashboards. */
  @Get('dependencies')
  dependencies(): ResilienceHealthView {
    return this.resilience.view();
  }

  private async queueCheck() {
    if (this.consumer) {
      const running = this.consumer.worker.isRunning();
      const session = this.indicators.check('capture_worker');
      return running ? session.up() : session.down({ message: 'the capture worker is not running' });
    }
    return this.indicators
      .check('queue')
      .attempt(async () => void (await this.queue.getJobCounts('waiting')))
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
