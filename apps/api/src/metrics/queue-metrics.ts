import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge, register } from 'prom-client';
import { CHECKOUT_QUEUE } from '../checkout/checkout-queue.constants.js';
import { CHECKOUT_QUEUE_JOB_STATES, CHECKOUT_QUEUE_JOBS_METRIC } from './checkout-queue-jobs.metric.js';

/** `checkout_queue_jobs{state}`: the checkout queue's depth, read from Redis when scraped. */
@Injectable()
export class QueueMetrics implements OnModuleDestroy {
  constructor(@InjectQueue(CHECKOUT_QUEUE) queue: Queue) {
    new Gauge({
      name: CHECKOUT_QUEUE_JOBS_METRIC,
      help: 'Capture jobs in the checkout queue, by state.',
      labelNames: ['state'],
      async collect() {
        // A scrape while Redis is away shows no values rather than failing the whole scrape.
        const counts = await queue.getJobCounts(...CHECKOUT_QUEUE_JOB_STATES).catch(() => undefined);
        this.reset();
        if (counts) for (const state of CHECKOUT_QUEUE_JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }

  onModuleDestroy(): void {
    register.removeSingleMetric(CHECKOUT_QUEUE_JOBS_METRIC);
  }
}
