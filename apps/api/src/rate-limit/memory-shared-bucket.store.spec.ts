import { FakeClock } from '@carta/resilience/core';
import { describeSharedBucketStoreContract } from '../../../../test/support/shared-bucket-store.contract.js';
import { MemorySharedBucketStore } from './memory-shared-bucket.store.js';
import { REPLICA_ACTIVE_MS } from './shared-bucket.store.js';

describeSharedBucketStoreContract('MemorySharedBucketStore', () => {
  const clock = new FakeClock(0);
  return Promise.resolve({
    store: new MemorySharedBucketStore({ clock }),
    activeWindowMs: REPLICA_ACTIVE_MS,
    elapse: (ms) => {
      clock.advance(ms);
      return Promise.resolve(ms);
    },
  });
});
