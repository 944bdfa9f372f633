import { describeBreakerStoreContract } from '../../../../../test/support/breaker-store.contract.js';
import { FakeClock } from '../clock/fake-clock.js';
import { MemoryBreakerStore } from './breaker-store.js';

const clock = new FakeClock();
const store = new MemoryBreakerStore();

describeBreakerStoreContract('MemoryBreakerStore', () => ({
  store,
  clock,
  wait: (ms) => clock.advanceAsync(ms),
}));

describe('MemoryBreakerStore', () => {
  it('links no breaker, so every breaker keeps its state in its own process', () => {
    expect(store.link()).toBeUndefined();
  });
});
