import type { SharedBucketView } from './client-bucket.js';
import type { RateLimitTier, TierLimits } from './rate-limit-tier.js';

/** What one replica spent from one client's bucket since its last settlement. */
export interface BucketSpend {
  tier: RateLimitTier;
  client: string;
  limits: TierLimits;
  /** Tokens spent (0 for a client only refused, or not asked: its share is only refreshed). */
  spent: number;
  /** Asked since the last settlement (admitted or refused): the replica serves the client now. */
  serving: boolean;
}

/** A store's answer to one batch of spends. */
export interface SettledSpends {
  /** Replicas that settled anything lately: how many share a client seen here first. */
  replicas: number;
  /** Each client's shared bucket, in the order of the spends. */
  buckets: SharedBucketView[];
}

/**
 * Where the clients' shared buckets live. One call settles a replica's whole batch: each
 * bucket is refilled for the time since it was last settled, the spend subtracted (down to a
 * debt of one burst at most), the replica marked as serving the client if it is, and what is
 * left returned with how many replicas serve the client (the asking one always counted). A
 * spend of 0 from a replica not serving the client only reads. A replica settles every sync
 * interval, spends or none, so one that settled nothing within {@link REPLICA_ACTIVE_MS} has
 * stopped, and one that has not served a client within it no longer shares that client's bucket.
 */
export interface SharedBucketStore {
  settle(replica: string, spends: readonly BucketSpend[]): Promise<SettledSpends>;
}

/** Token of the {@link SharedBucketStore} the limiter syncs with. */
export const SHARED_BUCKET_STORE = Symbol('SHARED_BUCKET_STORE');

/**
 * How long a replica counts as serving a client (and as a replica at all) after its last
 * settlement: several sync intervals, so a replica between two of its syncs is never dropped.
 */
export const REPLICA_ACTIVE_MS = 3_000;
