import type { Clock } from '@carta/resilience/core';
import type { SharedBucketView } from './client-bucket.js';
import {
  REPLICA_ACTIVE_MS,
  type BucketSpend,
  type SettledSpends,
  type SharedBucketStore,
} from './shared-bucket.store.js';

interface SharedBucket {
  tokens: number;
  settledAt: number;
  /** When it is full again and no replica counts as serving it: then it is forgotten. */
  forgetAt: number;
  /** Each replica serving the client, with when it last settled. */
  replicas: Map<string, number>;
}

/** Options of {@link MemorySharedBucketStore}. */
export interface MemorySharedBucketStoreOptions {
  clock: Clock;
  /** @default REPLICA_ACTIVE_MS */
  activeWindowMs?: number;
}

/**
 * The shared buckets in this process's memory: what a single instance needs
 * (`RATE_LIMIT_STORE=memory`), and the Redis store's semantics without Redis for tests on a
 * fake clock. Settles exactly as the Redis script does (redis-shared-bucket.store.ts).
 */
export class MemorySharedBucketStore implements SharedBucketStore {
  private readonly buckets = new Map<string, SharedBucket>();
  private readonly replicas = new Map<string, number>();
  private readonly clock: Clock;
  private readonly activeWindowMs: number;
  private sweptAt = -Infinity;

  constructor(options: MemorySharedBucketStoreOptions) {
    this.clock = options.clock;
    this.activeWindowMs = options.activeWindowMs ?? REPLICA_ACTIVE_MS;
  }

  settle(replica: string, spends: readonly BucketSpend[]): Promise<SettledSpends> {
    const now = this.clock.now();
    this.replicas.set(replica, now);
    this.forgetStopped(this.replicas, now);
    const buckets = spends.map((spend) => this.settleOne(replica, spend, now));
    this.sweep(now);
    return Promise.resolve({ replicas: this.replicas.size, buckets });
  }

  private settleOne(
    replica: string,
    { tier, client, limits, spent, serving }: BucketSpend,
    now: number,
  ): SharedBucketView {
    const key = `${tier}:${client}`;
    const bucket = this.buckets.get(key) ?? {
      tokens: limits.burst,
      settledAt: now,
      forgetAt: now,
      replicas: new Map(),
    };
    this.forgetStopped(bucket.replicas, now);
    const refilled = Math.min(
      limits.burst,
      bucket.tokens + (Math.max(0, now - bucket.settledAt) * limits.perSecond) / 1000,
    );
    const sharing = bucket.replicas.size + (bucket.replicas.has(replica) ? 0 : 1);
    if (!serving && spent === 0) return { tokens: refilled, replicas: sharing };
    bucket.replicas.set(replica, now);
    bucket.tokens = Math.max(-limits.burst, refilled - spent);
    bucket.settledAt = now;
    bucket.forgetAt = now + ((limits.burst - bucket.tokens) / limits.perSecond) * 1000 + this.activeWindowMs;
    this.buckets.set(key, bucket);
    return { tokens: bucket.tokens, replicas: bucket.replicas.size };
  }

  private forgetStopped(replicas: Map<string, number>, now: number): void {
    for (const [replica, settledAt] of replicas) {
      if (settledAt <= now - this.activeWindowMs) replicas.delete(replica);
    }
  }

  // As Redis expires a bucket's key: full again and nobody serving it, it equals a new one.
  private sweep(now: number): void {
    if (now - this.sweptAt < this.activeWindowMs) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) if (bucket.forgetAt <= now) this.buckets.delete(key);
  }
}
