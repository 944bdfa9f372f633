import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** A charge request without an Idempotency-Key header: retrying it could charge twice. */
export class IdempotencyKeyRequiredError extends UpstreamError {
  override readonly name = 'IdempotencyKeyRequiredError';
  readonly code = 'idempotency_key_required';

  constructor() {
    super(messages.idempotencyKeyRequired());
  }
}
