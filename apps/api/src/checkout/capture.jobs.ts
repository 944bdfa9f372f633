import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ApiConfig } from '../config/api.config.js';
import {
  CAPTURE_JOB,
  captureJobIdOf,
  CHECKOUT_QUEUE,
  type CaptureJobData,
} from './checkout-queue.constants.js';

/** Producer of the checkout queue's capture jobs (`checkout` in Redis): one per order, keyed by its id. */
@Injectable()
export class CaptureJobs {
  constructor(
    private readonly config: ApiConfig,
    @InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue<CaptureJobData>,
  ) {}

  /**
   * Schedules the order's capture, to run once the checkout's own attempt is surely over: by
   * default a request's budget and CAPTURE_DELAY_MS from now, as the checkout does when
   * payments gave no answer in time. Adding it again is a no-op (the job id is the order's).
   */
  async schedule(
    orderId: string,
    { delayMs = this.config.REQUEST_TIMEOUT_MS + this.config.CAPTURE_DELAY_MS }: { delayMs?: number } = {},
  ): Promise<void> {
    await this.queue.add(
      CAPTURE_JOB,
      { orderId },
      {
        jobId: captureJobIdOf(orderId),
        delay: delayMs,
        attempts: this.config.CAPTURE_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.CAPTURE_BACKOFF_MS, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /**
   * Queues the capture of a pending order the sweep found, when it has none to come: none was
   * ever queued (the checkout died before settling the order, or could not queue it), or the
   * one queued has finished (it ran before the order was stored). Answers whether it had to.
   */
  async reschedule(orderId: string): Promise<boolean> {
    const state = await this.queue.getJobState(captureJobIdOf(orderId));
    if (state !== 'unknown' && state !== 'completed' && state !== 'failed') return false;
    // A finished job keeps its id until removed; charging again is safe (the order's key).
    if (state !== 'unknown') await this.queue.remove(captureJobIdOf(orderId));
    // The sweep only takes orders placed a request's budget ago: their checkout is over.
    await this.schedule(orderId, { delayMs: this.config.CAPTURE_DELAY_MS });
    return true;
  }
}
