import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** A sku the catalog does not hold. */
export class ProductNotFoundError extends UpstreamError {
  override readonly name = 'ProductNotFoundError';
  readonly code = 'product_not_found';

  constructor(readonly sku: string) {
    super(messages.productNotFound(sku));
  }
}
