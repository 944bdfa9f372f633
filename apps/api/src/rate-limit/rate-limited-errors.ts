import { RateLimitedError } from '../errors/api-errors.js';

/**
 * One {@link RateLimitedError} per Retry-After value, built the first time it is needed and
 * thrown again after: a refusal is the hot path during a flood, and an error's stack trace is
 * its dearest part. The values are whole seconds up to a bucket's refill time, so few.
 */
export class RateLimitedErrors {
  private readonly bySeconds = new Map<number, RateLimitedError>();

  /** The error that answers a refusal with `Retry-After: retryAfterSeconds`. */
  of(retryAfterSeconds: number): RateLimitedError {
    let error = this.bySeconds.get(retryAfterSeconds);
    if (error === undefined)
      this.bySeconds.set(retryAfterSeconds, (error = new RateLimitedError(retryAfterSeconds)));
    return error;
  }
}
