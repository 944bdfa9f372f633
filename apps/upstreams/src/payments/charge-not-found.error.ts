import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** How a charge was looked for: by the id payments gave it, or by the key it was made under. */
export type ChargeLookup = { readonly chargeId: string } | { readonly idempotencyKey: string };

/** No charge has the id asked for, or none was ever made under the key asked for. */
export class ChargeNotFoundError extends UpstreamError {
  override readonly name = 'ChargeNotFoundError';
  readonly code = 'charge_not_found';

  constructor(readonly lookup: ChargeLookup) {
    super(
      'chargeId' in lookup
        ? messages.chargeNotFound(lookup.chargeId)
        : messages.noChargeForIdempotencyKey(lookup.idempotencyKey),
    );
  }
}
