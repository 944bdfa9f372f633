import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** A charge id that was never issued. */
export class ChargeNotFoundError extends UpstreamError {
  override readonly name = 'ChargeNotFoundError';
  readonly code = 'charge_not_found';

  constructor(readonly chargeId: string) {
    super(messages.chargeNotFound(chargeId));
  }
}
