import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ApiConfig } from '../config/api.config.js';
import {
  CHECKOUT_QUEUE,
  RESERVATION_JOB,
  reservationJobIdOf,
  type CaptureJobData,
} from './checkout-queue.constants.js';

/** Producer of the checkout queue's reservation jobs: stock asked for again, for orders placed unconfirmed. */
@Injectable()
export class ReservationJobs {
  constructor(
    private readonly config: ApiConfig,
    @InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue<CaptureJobData>,
  ) {}

  /**
   * Schedules the order's reservation, retried with backoff while inventory cannot answer. In
   * Redis, so it survives restarts; adding it again is a no-op (the job id is the order's).
   */
  async schedule(orderId: string): Promise<void> {
    const backoffMs = this.config.RESERVATION_BACKOFF_MS;
    await this.queue.add(
      RESERVATION_JOB,
      { orderId },
      {
        jobId: reservationJobIdOf(orderId),
        // Inventory has just failed the checkout's own attempt: give it a moment.
        delay: backoffMs,
        attempts: this.config.RESERVATION_ATTEMPTS,
        backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }
}
