/**
 * The limiter's answer to one request, with what its X-RateLimit-* headers and Retry-After
 * say. The limiter reuses one object for every answer (no allocation per request): read it
 * before the next `take`.
 */
export interface RateLimitVerdict {
  allowed: boolean;
  /** The tier's burst: X-RateLimit-Limit. */
  limit: number;
  /** Whole tokens this replica can still admit for the client: X-RateLimit-Remaining. */
  remaining: number;
  /** Whole seconds until the client's bucket is full again: X-RateLimit-Reset. */
  resetSeconds: number;
  /** Whole seconds (at least 1) until a token is there; 0 when allowed: Retry-After. */
  retryAfterSeconds: number;
}
