import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '@carta/resilience/core';
import { apiMessages } from '../api.messages.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SharedBucketStore } from './shared-bucket.store.js';

/** Where the sync reports that the store went away and came back. */
export interface RateLimitSyncLogger {
  warn(message: string): void;
  log(message: string): void;
}

/** Options of {@link RateLimitSync}. */
export interface RateLimitSyncOptions {
  limiter: RateLimiter;
  store: SharedBucketStore;
  clock: Clock;
  intervalMs: number;
  logger: RateLimitSyncLogger;
  /** This replica's id in the store. @default a random UUID */
  replica?: string;
}

/**
 * Every `intervalMs`, settles what this replica's clients spent with their shared buckets in
 * one store call, and hands each client's new share back to the limiter. A slow store never
 * piles calls up (an interval whose call is still out is skipped); a store that fails loses
 * that batch's spending (the local shares went on limiting meanwhile) and is reported once per
 * outage: the limiter keeps limiting from each replica's last share until the store answers.
 */
export class RateLimitSync {
  private readonly options: RateLimitSyncOptions;
  private readonly replica: string;
  private timer: Timer | undefined;
  private inFlight: Promise<void> | undefined;
  private unreachable = false;
  private stopped = true;

  constructor(options: RateLimitSyncOptions) {
    this.options = options;
    this.replica = options.replica ?? randomUUID();
  }

  /** False after a failed settlement, until one succeeds. */
  get shared(): boolean {
    return !this.unreachable;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the interval and waits for a settlement still out. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimer(this.options.intervalMs, () => {
      if (this.stopped) return;
      // An interval whose settlement is still out is skipped: a slow store never piles calls up.
      this.inFlight ??= this.settle().finally(() => (this.inFlight = undefined));
      this.schedule();
    });
  }

  private async settle(): Promise<void> {
    const { limiter, store, logger } = this.options;
    const batch = limiter.cutBatch();
    try {
      limiter.settle(batch, await store.settle(this.replica, batch.spends));
      if (this.unreachable) logger.log(apiMessages.rateLimitStoreBack());
      this.unreachable = false;
    } catch (error) {
      if (!this.unreachable) logger.warn(apiMessages.rateLimitStoreUnreachable(error));
      this.unreachable = true;
    }
  }
}
