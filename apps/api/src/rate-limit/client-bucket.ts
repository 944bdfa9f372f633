import type { RateLimitTier, TierLimits } from './rate-limit-tier.js';
import { TokenBucket } from './token-bucket.js';

/** How a client's shared bucket stood when this replica last settled with it. */
export interface SharedBucketView {
  /** Tokens left in the shared bucket (the whole fleet's), after this replica's spending. */
  tokens: number;
  /** Replicas that served this client lately, this one included: each gets an equal share. */
  replicas: number;
}

/** What a {@link ClientBucket} starts with. */
export interface ClientBucketOptions {
  tier: RateLimitTier;
  /** The client's id within its tier: an IP address, or an API key's id. */
  client: string;
  limits: TierLimits;
  /** Part of the client's bucket this replica may spend before it first settles (1 / replicas). */
  share: number;
  now: number;
}

/**
 * One client's bucket on this replica: its share of the client's shared bucket (size and
 * refill rate scaled by the share), from which requests are admitted locally, and what was
 * spent since the last settlement, which the next sync subtracts from the shared bucket.
 */
export class ClientBucket {
  readonly tier: RateLimitTier;
  readonly client: string;
  readonly limits: TierLimits;
  readonly bucket: TokenBucket;
  /** Tokens spent here since the last batch was cut: the next sync reports them. */
  unsynced = 0;
  /** Asked since the last batch was cut, admitted or not: this replica serves the client now. */
  touched = false;
  private settled = false;

  constructor({ tier, client, limits, share, now }: ClientBucketOptions) {
    this.tier = tier;
    this.client = client;
    this.limits = limits;
    const capacity = shareSize(limits.burst, share);
    this.bucket = new TokenBucket({ capacity, perSecond: limits.perSecond * share, level: capacity }, now);
  }

  /** Admits one request if this replica's share holds a whole token. */
  take(now: number): boolean {
    if (!this.bucket.take(now)) return false;
    this.unsynced++;
    return true;
  }

  /**
   * Adopts the shared bucket as a sync found it: this replica's share becomes 1 / replicas of
   * its size, rate and tokens, less what was spent here since the batch was cut (the shared
   * count has not seen that yet; the next sync reports it).
   *
   * The first settlement of a new bucket only ever lowers it. Other replicas that met the
   * client at the same time spent their own first shares too, and a store that has not heard
   * from them yet counts this replica alone and would hand it the rest of the bucket: a first
   * burst spread over N replicas (a round-robin balancer) would get up to (2N - 1) / N bursts.
   * From the second settlement on, they have all reported.
   */
  adopt(shared: SharedBucketView, now: number): void {
    const share = 1 / Math.max(1, shared.replicas);
    const offered = Math.min(this.limits.burst, shared.tokens) * share - this.unsynced;
    const level = this.settled ? offered : Math.min(offered, this.bucket.levelAt(now));
    this.settled = true;
    this.bucket.reset(
      { capacity: shareSize(this.limits.burst, share), perSecond: this.limits.perSecond * share, level },
      now,
    );
  }

  /** Nothing to report and full again: forgetting it loses nothing, as a new bucket starts full. */
  isIdle(now: number): boolean {
    return !this.touched && this.unsynced === 0 && this.bucket.levelAt(now) >= this.bucket.size;
  }
}

/**
 * The size of a replica's share of a bucket: `share` of the burst, but never under one token.
 * A share smaller than one token (more replicas serving the client than its burst) could never
 * admit a request: the client would be refused on every replica, for ever, with a Retry-After
 * of Infinity. Holding one token instead, a fleet of n replicas admits up to n requests at once
 * where the burst is smaller (see maxAdmitted); the refill stays the tier's rate.
 */
function shareSize(burst: number, share: number): number {
  return Math.max(1, burst * share);
}
