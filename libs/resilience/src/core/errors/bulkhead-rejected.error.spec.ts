import { BulkheadRejectedError, isBulkheadRejectedError } from './bulkhead-rejected.error.js';

describe('BulkheadRejectedError', () => {
  it('carries the policy, the active and queued counts, and the reason', () => {
    expect(new BulkheadRejectedError('search', 4, 2, 'full')).toMatchObject({
      policy: 'search',
      active: 4,
      queued: 2,
      reason: 'full',
      name: 'BulkheadRejectedError',
    });
  });

  it('defaults the reason to full', () => {
    expect(new BulkheadRejectedError('search', 4, 0).reason).toBe('full');
  });

  it('says the bulkhead is full with its counts', () => {
    expect(new BulkheadRejectedError('search', 4, 2).message).toBe(
      'Bulkhead "search" is full (4 active, 2 queued); the call was rejected.',
    );
  });

  it('says the queue wait ran out for a queue timeout', () => {
    expect(new BulkheadRejectedError('search', 4, 2, 'queue_timeout').message).toBe(
      'Bulkhead "search": the call waited in the queue past its limit and was rejected.',
    );
  });

  it('has the same fields and message when created on the fast path', () => {
    const fast = BulkheadRejectedError.fast('search', 1, 0, 'queue_timeout');
    expect(fast).toMatchObject({ policy: 'search', active: 1, queued: 0, reason: 'queue_timeout' });
    expect(fast.message).toBe(new BulkheadRejectedError('search', 1, 0, 'queue_timeout').message);
  });

  it('is recognised by its type guard, fast or constructed', () => {
    expect(isBulkheadRejectedError(new BulkheadRejectedError('s', 1, 0))).toBe(true);
    expect(isBulkheadRejectedError(BulkheadRejectedError.fast('s', 1, 0, 'full'))).toBe(true);
  });

  it('is not confused with other errors by its type guard', () => {
    expect(isBulkheadRejectedError(new Error('full'))).toBe(false);
  });
});
