import { BrokenCircuitError, isBrokenCircuitError } from './broken-circuit.error.js';

describe('BrokenCircuitError', () => {
  it('carries the policy and the time until the next probe', () => {
    const error = new BrokenCircuitError('payments', 2_500);
    expect(error).toMatchObject({ policy: 'payments', retryAfterMs: 2_500, name: 'BrokenCircuitError' });
  });

  it('says which breaker is open and when it next probes, rounding up', () => {
    expect(new BrokenCircuitError('payments', 1_200.2).message).toBe(
      'Circuit breaker "payments" is open; the dependency is not called. Next probe in 1201 ms.',
    );
  });

  it('captures a stack when constructed', () => {
    expect(new BrokenCircuitError('payments', 1).stack).toMatch(/^BrokenCircuitError: .*\n\s+at /);
  });

  it('has the same fields when created on the fast path', () => {
    const fast = BrokenCircuitError.fast('payments', 2_500);
    expect(fast).toMatchObject({ policy: 'payments', retryAfterMs: 2_500 });
    expect(fast.message).toBe(new BrokenCircuitError('payments', 2_500).message);
  });

  it('is recognised by its type guard, fast or constructed', () => {
    expect(isBrokenCircuitError(new BrokenCircuitError('p', 1))).toBe(true);
    expect(isBrokenCircuitError(BrokenCircuitError.fast('p', 1))).toBe(true);
  });

  it('is not confused with other errors by its type guard', () => {
    expect(isBrokenCircuitError(new Error('x'))).toBe(false);
    expect(isBrokenCircuitError({ name: 'BrokenCircuitError' })).toBe(false);
  });
});
