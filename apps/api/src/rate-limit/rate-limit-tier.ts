/** Who a client is to the limiter: a configured API key (`keyed`), or an IP address (`anonymous`). */
export type RateLimitTier = 'anonymous' | 'keyed';

/** One tier's token bucket: what each of its clients may send at once, and how fast that refills. */
export interface TierLimits {
  /** Requests a client may send at once: the bucket's size (X-RateLimit-Limit). */
  burst: number;
  /** Tokens per second the bucket refills with: the client's sustained rate. */
  perSecond: number;
}
