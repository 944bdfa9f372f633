import fc from 'fast-check';
import { BulkheadPolicy } from '../bulkhead/bulkhead.policy.js';
import { FakeClock } from '../clock/fake-clock.js';
import type { AttemptContext } from '../context/attempt.js';
import { RetryPolicy } from '../retry/retry.policy.js';
import { PolicyPipeline } from './policy-pipeline.js';

// Random interleavings of calls through Retry -> Timeout -> Bulkhead on a fake clock: calls that
// succeed or fail after some work, hang until their signal aborts (or, ignoring it, for long
// after their timeout), throw synchronously, and callers that abort before or during the call.
// A body that ignores its signal runs on after the caller is released, and keeps its slot.

const callArb = fc.record({
  gapMs: fc.integer({ min: 0, max: 30 }),
  kind: fc.constantFrom('succeed', 'fail', 'hang', 'throw'),
  workMs: fc.integer({ min: 0, max: 80 }),
  readsSignal: fc.boolean(),
  // -1: the caller's signal is aborted before the call starts.
  abortAfterMs: fc.option(fc.integer({ min: -1, max: 80 }), { nil: undefined }),
});
type CallSpec = typeof callArb extends fc.Arbitrary<infer C> ? C : never;

const configArb = fc.record({
  maxConcurrent: fc.integer({ min: 1, max: 3 }),
  maxQueue: fc.integer({ min: 0, max: 3 }),
  queueTimeoutMs: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  timeoutMs: fc.integer({ min: 1, max: 60 }),
  retry: fc.option(
    fc.record({ maxAttempts: fc.integer({ min: 1, max: 3 }), baseDelayMs: fc.integer({ min: 0, max: 20 }) }),
    { nil: undefined },
  ),
});
type Config = typeof configArb extends fc.Arbitrary<infer C> ? C : never;

const transient = (): Error => Object.assign(new Error('upstream 503'), { status: 503 });
// How long a hung body that ignores its signal runs: well past any timeout.
const HANG_MS = 300;

function attemptFn(spec: CallSpec, clock: FakeClock): (ctx: AttemptContext) => Promise<string> {
  return (ctx) => {
    const signal = spec.readsSignal ? ctx.signal : undefined;
    switch (spec.kind) {
      case 'succeed':
        return clock.sleep(spec.workMs, signal).then(() => 'ok');
      case 'fail':
        return clock.sleep(spec.workMs, signal).then(() => Promise.reject(transient()));
      case 'throw':
        throw transient();
      default:
        if (signal === undefined) return clock.sleep(HANG_MS).then(() => Promise.reject(transient()));
        return new Promise<string>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
    }
  };
}

interface Observation {
  maxRunningSeen: number;
  /** Times the bulkhead's active count differed from the bodies really running. */
  miscounts: number;
  unsettled: number;
  active: number;
  queued: number;
}

async function runScenario(config: Config, calls: CallSpec[]): Promise<Observation> {
  const clock = new FakeClock(0);
  const bulkhead = new BulkheadPolicy('p', config, { clock });
  const retry =
    config.retry && new RetryPolicy('p', { ...config.retry, backoff: 'constant', budget: false }, { clock });
  const pipeline = new PolicyPipeline('p', { bulkhead, retry, timeoutMs: config.timeoutMs }, { clock });
  let running = 0;
  let maxRunningSeen = 0;
  let miscounts = 0;
  let unsettled = 0;
  const observe = (): void => {
    maxRunningSeen = Math.max(maxRunningSeen, running);
    if (bulkhead.active !== running) miscounts++;
  };

  for (const spec of calls) {
    await clock.advanceAsync(spec.gapMs);
    observe();
    const controller = new AbortController();
    if (spec.abortAfterMs === -1) controller.abort();
    else if (spec.abortAfterMs !== undefined) clock.setTimer(spec.abortAfterMs, () => controller.abort());
    const fn = attemptFn(spec, clock);
    unsettled++;
    pipeline
      .execute(
        (ctx) => {
          running++;
          observe();
          let body: Promise<string>;
          try {
            body = fn(ctx);
          } catch (error) {
            running--;
            throw error;
          }
          // Not observed here: the pipeline frees the slot in its own reaction, a microtask on.
          const ended = (): void => {
            running--;
          };
          body.then(ended, ended);
          return body;
        },
        { signal: controller.signal },
      )
      .then(
        () => unsettled--,
        () => unsettled--,
      );
    observe();
  }
  // Longer than any work, timeout, queue wait, abort and backoff put together.
  await clock.advanceAsync(2_000);
  observe();
  return {
    maxRunningSeen,
    miscounts,
    unsettled,
    active: bulkhead.active,
    queued: bulkhead.queued,
  };
}

const scenario = [configArb, fc.array(callArb, { minLength: 1, maxLength: 20, size: 'max' })] as const;

describe('PolicyPipeline bulkhead slots (property)', () => {
  it('never runs more than maxConcurrent bodies, whatever the timeouts, aborts and retries', async () => {
    await fc.assert(
      fc.asyncProperty(...scenario, async (config, calls) => {
        const seen = await runScenario(config, calls);
        expect(seen.maxRunningSeen).toBeLessThanOrEqual(config.maxConcurrent);
      }),
    );
  });

  it('reports as active exactly the bodies still running, including those their caller left', async () => {
    await fc.assert(
      fc.asyncProperty(...scenario, async (config, calls) => {
        expect((await runScenario(config, calls)).miscounts).toBe(0);
      }),
    );
  });

  it('settles every call, whether it succeeds, fails, times out or is aborted', async () => {
    await fc.assert(
      fc.asyncProperty(...scenario, async (config, calls) => {
        expect((await runScenario(config, calls)).unsettled).toBe(0);
      }),
    );
  });

  it('leaks no slot and no queue entry once every call and body has settled', async () => {
    await fc.assert(
      fc.asyncProperty(...scenario, async (config, calls) => {
        const seen = await runScenario(config, calls);
        expect({ active: seen.active, queued: seen.queued }).toEqual({ active: 0, queued: 0 });
      }),
    );
  });
});
