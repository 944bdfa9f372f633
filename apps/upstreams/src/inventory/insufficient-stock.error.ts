import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** A reservation asking for more of a sku than is left; nothing was reserved. */
export class InsufficientStockError extends UpstreamError {
  override readonly name = 'InsufficientStockError';
  readonly code = 'insufficient_stock';

  constructor(
    readonly sku: string,
    wanted: number,
    available: number,
  ) {
    super(messages.insufficientStock(sku, wanted, available));
  }
}
