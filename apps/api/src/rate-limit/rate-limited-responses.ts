import { RateLimitedError } from '../errors/api-errors.js';
import { toErrorResponse, type ErrorResponse } from '../errors/error-response.js';

/**
 * The answer to a refusal, one per Retry-After value, built the first time it is needed and
 * sent again after: a refusal is the hot path during a flood. The values are whole seconds up
 * to a bucket's refill time, so few.
 */
export class RateLimitedResponses {
  private readonly bySeconds = new Map<number, ErrorResponse>();

  constructor(private readonly limits: { bodyLimit: number }) {}

  /** The `429 rate_limited` answer with `Retry-After: retryAfterSeconds`. */
  of(retryAfterSeconds: number): ErrorResponse {
    let response = this.bySeconds.get(retryAfterSeconds);
    if (response === undefined) {
      response = toErrorResponse(new RateLimitedError(retryAfterSeconds), this.limits);
      this.bySeconds.set(retryAfterSeconds, response);
    }
    return response;
  }
}
