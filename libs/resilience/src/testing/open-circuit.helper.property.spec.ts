import fc from 'fast-check';
import { FakeClock, ResiliencePolicy, type CircuitBreakerOptions } from '../core/index.js';
import { openCircuit } from './open-circuit.helper.js';

// Whatever a closed breaker has seen (successes, failures, time passing in its window), and
// whatever its settings, as long as some number of failures can open it: openCircuit does.

const upstream503 = Object.assign(new Error('upstream 503'), { status: 503 });

const optionsArb: fc.Arbitrary<CircuitBreakerOptions> = fc
  .record({
    failureThreshold: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constant(Infinity)),
    // A 100% threshold never opens over successes a time window still holds; the unit spec covers it.
    failureRateThreshold: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    slidingWindow: fc.record({
      type: fc.constantFrom('count' as const, 'time' as const),
      size: fc.integer({ min: 1, max: 30 }),
      minimumCalls: fc.integer({ min: 1, max: 40 }),
    }),
  })
  .filter((o) => o.failureThreshold !== Infinity || o.failureRateThreshold !== undefined);

const historyArb = fc.array(
  fc.oneof(
    fc.constant({ op: 'succeed' as const }),
    fc.constant({ op: 'fail' as const }),
    fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
  ),
  { maxLength: 60 },
);

describe('openCircuit (property)', () => {
  it('opens any breaker some number of failures can open, whatever calls and time came before', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArb, historyArb, async (options, history) => {
        const clock = new FakeClock();
        const policy = new ResiliencePolicy('payments', { circuitBreaker: options }, { clock });
        for (const step of history) {
          if (step.op === 'advance') await clock.advanceAsync(step.ms);
          else if (policy.breaker!.state === 'closed') {
            const fn = () => (step.op === 'succeed' ? Promise.resolve('ok') : Promise.reject(upstream503));
            await policy.execute(fn).catch(() => undefined);
          }
        }
        if (policy.breaker!.state !== 'closed') policy.breaker!.transitionTo('closed');
        await openCircuit(policy);
        expect(policy.breaker!.state).toBe('open');
      }),
      { numRuns: 300 },
    );
  });
});
