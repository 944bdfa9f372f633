import { messages } from '../resilience.messages.js';
import { createFastError, defineErrorPrototype } from './fast-error.js';

/** Why a bulkhead turned a call away. */
export type BulkheadRejectionReason = 'full' | 'queue_timeout';

/** Thrown when a bulkhead has no free slot (and no queue room), or the queue wait ran out. */
export class BulkheadRejectedError extends Error {
  /** Name of the bulkhead's policy. */
  declare readonly policy: string;
  /** Calls running at the moment of rejection. */
  declare readonly active: number;
  /** Calls waiting at the moment of rejection. */
  declare readonly queued: number;
  /** Whether the bulkhead was full or the queue wait timed out. */
  declare readonly reason: BulkheadRejectionReason;

  constructor(policy: string, active: number, queued: number, reason: BulkheadRejectionReason = 'full') {
    super(bulkheadMessage({ policy, active, queued, reason }));
    Object.assign(this, { policy, active, queued, reason });
  }

  /** @internal A stackless instance for the reject-fast path. */
  static fast(
    policy: string,
    active: number,
    queued: number,
    reason: BulkheadRejectionReason,
  ): BulkheadRejectedError {
    return createFastError(BulkheadRejectedError, { policy, active, queued, reason });
  }
}
function bulkheadMessage(e: Pick<BulkheadRejectedError, 'policy' | 'active' | 'queued' | 'reason'>): string {
  return e.reason === 'queue_timeout'
    ? messages.bulkheadQueueTimeout(e.policy)
    : messages.bulkheadFull(e.policy, e.active, e.queued);
}
defineErrorPrototype(BulkheadRejectedError, 'BulkheadRejectedError', bulkheadMessage);

/** True when `error` is a {@link BulkheadRejectedError}. */
export function isBulkheadRejectedError(error: unknown): error is BulkheadRejectedError {
  return error instanceof BulkheadRejectedError;
}
