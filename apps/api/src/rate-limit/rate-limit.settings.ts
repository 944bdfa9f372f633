import type { ApiConfig } from '../config/api.config.js';
import type { RateLimitTier, TierLimits } from './rate-limit-tier.js';

/** Each tier's bucket, from the RATE_LIMIT_<TIER>_BURST and _PER_SECOND settings. */
export function tierLimitsOf(config: ApiConfig): Record<RateLimitTier, TierLimits> {
  return {
    anonymous: {
      burst: config.RATE_LIMIT_ANONYMOUS_BURST,
      perSecond: config.RATE_LIMIT_ANONYMOUS_PER_SECOND,
    },
    keyed: { burst: config.RATE_LIMIT_KEYED_BURST, perSecond: config.RATE_LIMIT_KEYED_PER_SECOND },
  };
}

/** What {@link maxAdmitted} bounds. */
export interface AdmissionBound {
  limits: TierLimits;
  /** Replicas serving the client. */
  replicas: number;
  /** RATE_LIMIT_SYNC_MS plus a Redis round trip. */
  syncMs: number;
  /** Length of the window, from a full bucket. */
  seconds: number;
}

/**
 * The most requests of one client the replicas together admit over `seconds`, starting from a
 * full bucket: what one exact bucket admits (burst + perSecond x seconds), plus at most
 * (replicas - 1) / replicas of one sync interval's worth (burst + perSecond x syncMs): a replica
 * settles from a shared count that lacks what the others spent since their last sync, or
 * starts a client it never saw with 1 / replicas of a full bucket. With more replicas than the
 * burst, each replica's share holds one token (client-bucket.ts), so up to (replicas - burst)
 * more at once. That excess is charged to the shared bucket (it goes into debt, down to
 * -burst) and paid back before the client is admitted again, so it never compounds. With one
 * replica the limit is exact.
 */
export function maxAdmitted({ limits, replicas, syncMs, seconds }: AdmissionBound): number {
  const exact = limits.burst + limits.perSecond * seconds;
  const overshoot = ((replicas - 1) / replicas) * (limits.burst + (limits.perSecond * syncMs) / 1000);
  const wholeTokenShares = Math.max(0, replicas - limits.burst);
  return exact + overshoot + wholeTokenShares;
}
