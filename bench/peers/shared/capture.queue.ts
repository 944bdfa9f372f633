import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { CaptureJobData } from '../../../apps/api/src/checkout/checkout-queue.constants.js';
import { PEER_OPTIONS, type PeerOptions } from './peer.options.js';
import { PEER_SETTINGS, type PeerSettings } from './peer-settings.js';

/**
 * Orders payments did not confirm, queued for a later capture (BullMQ). Only queued when the
 * charge failed, so the happy path never touches it; the bench runs no worker for it.
 */
@Injectable()
export class CaptureQueue implements OnApplicationShutdown {
  private readonly queue: Queue<CaptureJobData>;

  constructor(@Inject(PEER_OPTIONS) options: PeerOptions, @Inject(PEER_SETTINGS) settings: PeerSettings) {
    this.queue = new Queue(`bench-${options.name}-captures`, { connection: { url: settings.redisUrl } });
  }

  async enqueue(orderId: string): Promise<void> {
    await this.queue.add('capture', { orderId }, { jobId: `capture-${orderId}`, attempts: 8 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
