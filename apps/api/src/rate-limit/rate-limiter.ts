import type { Clock } from '@carta/resilience/core';
import { ClientBucket } from './client-bucket.js';
import type { RateLimitTier, TierLimits } from './rate-limit-tier.js';
import type { RateLimitVerdict } from './rate-limit-verdict.js';
import type { BucketSpend, SettledSpends } from './shared-bucket.store.js';

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  tiers: Record<RateLimitTier, TierLimits>;
  clock: Clock;
}

/** The clients whose spending one sync reports, and the spends it sends, in the same order. */
export interface SpendBatch {
  buckets: ClientBucket[];
  spends: BucketSpend[];
}

/**
 * Decides every request locally, from this replica's share of the client's bucket: no
 * Redis round trip, no promise, and no allocation but a client's first bucket. The sync
 * (rate-limit.sync.ts) cuts a batch of every bucket held here for the shared buckets (what was
 * spent, or only a refresh of the share) and hands the answers back with {@link settle}.
 */
export class RateLimiter {
  private readonly tiers: Record<RateLimitTier, { limits: TierLimits; clients: Map<string, ClientBucket> }>;
  private readonly clock: Clock;
  // Replicas known to serve the shop: a client new here starts with its 1 / replicas share.
  private replicas = 1;
  private readonly verdict: RateLimitVerdict = {
    allowed: true,
    limit: 0,
    remaining: 0,
    resetSeconds: 0,
    retryAfterSeconds: 0,
  };

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock;
    this.tiers = {
      anonymous: { limits: options.tiers.anonymous, clients: new Map() },
      keyed: { limits: options.tiers.keyed, clients: new Map() },
    };
  }

  /** Clients with a bucket on this replica (idle ones are evicted). */
  get clients(): number {
    return this.tiers.anonymous.clients.size + this.tiers.keyed.clients.size;
  }

  /** Spends a token of `client` if its share here holds one. The verdict is reused: read it before the next take. */
  take(tier: RateLimitTier, client: string): RateLimitVerdict {
    const now = this.clock.now();
    const { limits, clients } = this.tiers[tier];
    let bucket = clients.get(client);
    if (bucket === undefined) {
      bucket = new ClientBucket({ tier, client, limits, share: 1 / this.replicas, now });
      clients.set(client, bucket);
    }
    bucket.touched = true;
    const verdict = this.verdict;
    verdict.allowed = bucket.take(now);
    verdict.limit = limits.burst;
    verdict.remaining = Math.max(0, Math.floor(bucket.bucket.levelAt(now)));
    verdict.resetSeconds = Math.ceil(bucket.bucket.msUntil(bucket.bucket.size, now) / 1000);
    verdict.retryAfterSeconds = verdict.allowed
      ? 0
      : Math.max(1, Math.ceil(bucket.bucket.msUntil(1, now) / 1000));
    return verdict;
  }

  /**
   * Takes what every bucket held here spent since the last cut, for one sync to report. Every
   * one, not only those asked: a bucket whose client went to another replica refreshes its
   * share too, so it never admits for long from a count the others have since spent. A bucket
   * idle and full is forgotten instead (a new one would start full): memory holds only clients
   * seen lately.
   */
  cutBatch(): SpendBatch {
    const now = this.clock.now();
    const buckets: ClientBucket[] = [];
    const spends: BucketSpend[] = [];
    for (const { clients } of Object.values(this.tiers)) {
      for (const [client, bucket] of clients) {
        if (bucket.isIdle(now)) {
          clients.delete(client);
          continue;
        }
        buckets.push(bucket);
        spends.push({
          tier: bucket.tier,
          client,
          limits: bucket.limits,
          spent: bucket.unsynced,
          serving: bucket.touched,
        });
        bucket.unsynced = 0;
        bucket.touched = false;
      }
    }
    return { buckets, spends };
  }

  /** Adopts the shared buckets a sync found for `batch`. */
  settle(batch: SpendBatch, settled: SettledSpends): void {
    const now = this.clock.now();
    this.replicas = Math.max(1, settled.replicas);
    batch.buckets.forEach((bucket, i) => {
      const shared = settled.buckets[i];
      if (shared !== undefined) bucket.adopt(shared, now);
    });
  }
}
