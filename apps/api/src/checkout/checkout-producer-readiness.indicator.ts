import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { READINESS_CHECK_TIMEOUT_MS } from '../health/readiness-check.timeout.js';
import { CheckoutQueueReadiness } from './checkout-queue-readiness.js';
import { CHECKOUT_QUEUE } from './checkout-queue.constants.js';

/** Readiness of an api-only process: its producer reads the checkout queue. */
@Injectable()
export class CheckoutProducerReadinessIndicator extends CheckoutQueueReadiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async check(): Promise<HealthIndicatorResult> {
    return await this.indicators
      .check('queue')
      .attempt(async () => void (await this.queue.getJobCounts('waiting')))
      .withTimeout(READINESS_CHECK_TIMEOUT_MS);
  }
}
