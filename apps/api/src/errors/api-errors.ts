import { apiMessages } from '../api.messages.js';
import { ApiError } from './api.error.js';

/** The checkout came without an Idempotency-Key. */
export class IdempotencyKeyRequiredError extends ApiError {
  readonly status = 400;
  readonly code = 'idempotency_key_required';
  constructor() {
    super(apiMessages.idempotencyKeyRequired());
  }
}

/** The Idempotency-Key is empty, too long or not printable ASCII. */
export class InvalidIdempotencyKeyError extends ApiError {
  readonly status = 400;
  readonly code = 'invalid_idempotency_key';
  constructor() {
    super(apiMessages.idempotencyKeyInvalid());
  }
}

/** The body failed validation; the message names each field. */
export class InvalidRequestError extends ApiError {
  readonly status = 400;
  readonly code = 'invalid_request';
  constructor(readonly problems: string[]) {
    super(apiMessages.invalidRequest(problems));
  }
}

/** The body nests objects and arrays deeper than the api reads. */
export class BodyTooDeepError extends ApiError {
  readonly status = 400;
  readonly code = 'invalid_request';
  constructor(readonly maxDepth: number) {
    super(apiMessages.invalidRequest([apiMessages.bodyTooDeep(maxDepth)]));
  }
}

/** An admin route without the right bearer token. */
export class UnauthorizedError extends ApiError {
  readonly status = 401;
  readonly code = 'unauthorized';
  override readonly headers = { 'www-authenticate': 'Bearer realm="carta-admin"' };
  constructor() {
    super(apiMessages.unauthorized());
  }
}

/** The key was used before with a different body. */
export class IdempotencyKeyMismatchError extends ApiError {
  readonly status = 422;
  readonly code = 'idempotency_key_mismatch';
  constructor() {
    super(apiMessages.idempotencyKeyMismatch());
  }
}

/** Another request with the key is still running. */
export class IdempotencyKeyInUseError extends ApiError {
  readonly status = 409;
  readonly code = 'idempotency_key_in_use';
  override readonly retryAfterSeconds = 1;
  constructor() {
    super(apiMessages.idempotencyKeyInUse());
  }
}

/** The order names SKUs the live catalog does not have. */
export class UnknownSkuError extends ApiError {
  readonly status = 422;
  readonly code = 'unknown_sku';
  constructor(readonly skus: string[]) {
    super(apiMessages.unknownSku(skus));
  }
}

/** Inventory refused the reservation for lack of stock. */
export class InsufficientStockError extends ApiError {
  readonly status = 409;
  readonly code = 'insufficient_stock';
  constructor() {
    super(apiMessages.insufficientStock());
  }
}

/** No live price and no cached one young enough to charge. */
export class PriceUnavailableError extends ApiError {
  readonly status = 503;
  readonly code = 'price_unavailable';
  constructor(
    readonly skus: string[],
    override readonly retryAfterSeconds: number,
  ) {
    super(apiMessages.priceUnavailable(skus));
  }
}

/** The catalog failed and nothing is cached. */
export class CatalogUnavailableError extends ApiError {
  readonly status = 503;
  readonly code = 'catalog_unavailable';
  constructor(override readonly retryAfterSeconds: number) {
    super(apiMessages.catalogUnavailable());
  }
}

/** The catalog has no such product. */
export class ProductNotFoundError extends ApiError {
  readonly status = 404;
  readonly code = 'product_not_found';
  constructor(readonly sku: string) {
    super(apiMessages.productNotFound(sku));
  }
}

/** No order with that id. */
export class OrderNotFoundError extends ApiError {
  readonly status = 404;
  readonly code = 'order_not_found';
  constructor(readonly orderId: string) {
    super(apiMessages.orderNotFound(orderId));
  }
}

/**
 * The process is overloaded and sheds requests of this route's priority. Carries nothing per
 * request, so the load shedder builds one and throws it for every refusal: no stack trace is
 * captured per request when the process can least afford it.
 */
export class OverloadedError extends ApiError {
  readonly status = 503;
  readonly code = 'overloaded';
  constructor(override readonly retryAfterSeconds: number) {
    super(apiMessages.overloaded(retryAfterSeconds));
  }
}

/**
 * The client has spent its rate limit's tokens for now. Carries only its Retry-After: the
 * rate limiter builds the answer of one per value and sends it again (rate-limited-responses.ts).
 */
export class RateLimitedError extends ApiError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(override readonly retryAfterSeconds: number) {
    super(apiMessages.rateLimited(retryAfterSeconds));
  }
}
