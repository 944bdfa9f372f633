import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** An Idempotency-Key reused for a charge that differs from the one it first made. */
export class IdempotencyKeyMismatchError extends UpstreamError {
  override readonly name = 'IdempotencyKeyMismatchError';
  readonly code = 'idempotency_key_mismatch';

  constructor(readonly idempotencyKey: string) {
    super(messages.idempotencyKeyMismatch(idempotencyKey));
  }
}
