import CircuitBreaker from 'opossum';
import { work, type CaseSetup } from '../harness.js';

/** opossum 10, whose breaker and timeout are one object; for comparison only. */
export const subject = 'opossum';

export function setup(): CaseSetup {
  const plain = new CircuitBreaker(work, { timeout: false, resetTimeout: 60_000 });
  const timed = new CircuitBreaker(work, { timeout: 1_000, resetTimeout: 60_000 });
  // Must not reach half-open during the run.
  const open = new CircuitBreaker(work, { timeout: 1_000, resetTimeout: 3_600_000 });
  open.open();
  const all = [plain, timed, open];

  return {
    cases: [
      { id: 'opossum.breaker', label: 'opossum fire() without timeout', call: () => plain.fire() },
      { id: 'opossum.fire', label: 'opossum fire() with timeout', call: () => timed.fire() },
      {
        id: 'opossum.open',
        label: 'opossum fire(), open',
        rejects: true,
        baseline: null,
        call: () => open.fire(),
      },
    ],
    teardown: () => all.forEach((b) => b.shutdown()),
  };
}
