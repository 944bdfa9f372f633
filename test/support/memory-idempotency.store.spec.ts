import { describeIdempotencyStoreContract } from './idempotency-store.contract.js';
import { MemoryIdempotencyStore } from './memory-idempotency.store.js';

describeIdempotencyStoreContract('MemoryIdempotencyStore', async () => {
  let now = 1_000_000;
  const store = new MemoryIdempotencyStore(() => now);
  return {
    store,
    elapse: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
});
