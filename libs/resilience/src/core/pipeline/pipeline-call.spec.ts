import { AsyncLocalStorage } from 'node:async_hooks';
import { CircuitBreakerPolicy } from '../breaker/circuit-breaker.policy.js';
import { BulkheadPolicy } from '../bulkhead/bulkhead.policy.js';
import { FakeClock } from '../clock/fake-clock.js';
import { currentDeadline, runWithDeadline } from '../context/resilience-scope.js';
import { RetryPolicy } from '../retry/retry.policy.js';
import { PolicyPipeline } from './policy-pipeline.js';

const T0 = 1_000_000;
const http503 = (): Error => Object.assign(new Error('HTTP 503'), { status: 503 });
const hang = (): Promise<never> => new Promise<never>(() => {});
// Stands for any AsyncLocalStorage an app keeps per request (nestjs-cls, OpenTelemetry).
const requestId = new AsyncLocalStorage<string>();

/** Settles to 'pending' until `promise` settles, without letting a rejection go unhandled. */
function track(promise: Promise<unknown>): { outcome: string; error: unknown } {
  const state: { outcome: string; error: unknown } = { outcome: 'pending', error: undefined };
  promise.then(
    () => (state.outcome = 'resolved'),
    (error: unknown) => Object.assign(state, { outcome: 'rejected', error }),
  );
  return state;
}

describe('PipelineCall async context', () => {
  it("runs an attempt after a backoff in its caller's async context, not the timer's", async () => {
    const clock = new FakeClock(T0);
    const retry = new RetryPolicy(
      'payments',
      { backoff: 'constant', baseDelayMs: 10, budget: false },
      { clock },
    );
    const pipeline = new PolicyPipeline('payments', { retry }, { clock });
    const seen: [number | undefined, string | undefined][] = [];
    const call = requestId.run('request-a', () =>
      runWithDeadline(T0 + 5_000, () =>
        pipeline.execute(async ({ attempt }) => {
          seen.push([currentDeadline(), requestId.getStore()]);
          if (attempt === 1) throw http503();
        }),
      ),
    );
    await clock.advanceAsync(10);
    await call;
    expect(seen).toEqual([
      [T0 + 5_000, 'request-a'],
      [T0 + 5_000, 'request-a'],
    ]);
  });

  it("runs an attempt retried at once after a timeout in its caller's async context", async () => {
    const clock = new FakeClock(T0);
    const retry = new RetryPolicy(
      'payments',
      { backoff: 'constant', baseDelayMs: 0, budget: false },
      { clock },
    );
    const pipeline = new PolicyPipeline('payments', { retry, timeoutMs: 100 }, { clock });
    const seen: (string | undefined)[] = [];
    const call = requestId.run('request-a', () =>
      pipeline.execute(({ attempt }) => {
        seen.push(requestId.getStore());
        return attempt === 1 ? hang() : Promise.resolve();
      }),
    );
    await clock.advanceAsync(100);
    await call;
    expect(seen).toEqual(['request-a', 'request-a']);
  });

  it("runs a call admitted from the bulkhead queue in its own caller's context, not the releasing call's", async () => {
    const clock = new FakeClock(T0);
    const bulkhead = new BulkheadPolicy('payments', { maxConcurrent: 1, maxQueue: 1 }, { clock });
    const pipeline = new PolicyPipeline('payments', { bulkhead }, { clock });
    let release!: () => void;
    const first = requestId.run('request-a', () =>
      runWithDeadline(T0 + 1_000, () =>
        pipeline.execute(() => new Promise<void>((resolve) => (release = resolve))),
      ),
    );
    let seen: [number | undefined, string | undefined] | undefined;
    const queued = requestId.run('request-b', () =>
      runWithDeadline(T0 + 5_000, () =>
        pipeline.execute(async () => {
          seen = [currentDeadline(), requestId.getStore()];
        }),
      ),
    );
    release();
    await Promise.all([first, queued]);
    expect(seen).toEqual([T0 + 5_000, 'request-b']);
  });
});

describe('PipelineCall with a throwing predicate', () => {
  // A predicate written for HTTP errors meets a socket error that has no `response`.
  const byResponse = (error: unknown): boolean =>
    (error as { response: { status: number } }).response.status >= 500;
  const socketError = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  it("settles with the predicate's error when the retry predicate throws", async () => {
    const clock = new FakeClock(T0);
    const retry = new RetryPolicy('payments', { isRetryable: byResponse, budget: false }, { clock });
    const pipeline = new PolicyPipeline('payments', { retry }, { clock });
    const call = track(pipeline.execute(() => Promise.reject(socketError())));
    await clock.advanceAsync(0);
    expect(call.outcome).toBe('rejected');
    expect(call.error).toBeInstanceOf(TypeError);
  });

  it("settles with the predicate's error when the breaker's predicate throws", async () => {
    const clock = new FakeClock(T0);
    const breaker = new CircuitBreakerPolicy('payments', { isFailure: byResponse }, { clock });
    const pipeline = new PolicyPipeline('payments', { breaker }, { clock });
    breaker.transitionTo('half_open');
    const call = track(pipeline.execute(() => Promise.reject(socketError())));
    await clock.advanceAsync(0);
    expect(call.outcome).toBe('rejected');
    expect(call.error).toBeInstanceOf(TypeError);
  });
});

describe('PipelineCall outcome reported to the breaker', () => {
  const setup = () => {
    const clock = new FakeClock(T0);
    const breaker = new CircuitBreakerPolicy('payments', { failureThreshold: 1 }, { clock });
    const retry = new RetryPolicy(
      'payments',
      { backoff: 'constant', baseDelayMs: 100, budget: false },
      { clock },
    );
    const pipeline = new PolicyPipeline('payments', { breaker, retry, timeoutMs: 2_000 }, { clock });
    return { clock, breaker, pipeline };
  };

  it('counts a call the deadline ended after an attempt timed out as that timeout, opening the breaker', async () => {
    const { clock, breaker, pipeline } = setup();
    const call = track(runWithDeadline(T0 + 2_500, () => pipeline.execute(hang)));
    await clock.advanceAsync(2_500);
    expect(call).toMatchObject({ outcome: 'rejected', error: { name: 'DeadlineExceededError' } });
    expect(breaker.state).toBe('open');
  });

  it('does not count a deadline that was spent before any attempt ran', async () => {
    const { clock, breaker, pipeline } = setup();
    clock.advance(10);
    const call = track(runWithDeadline(T0, () => pipeline.execute(hang)));
    await clock.advanceAsync(0);
    expect(call).toMatchObject({ outcome: 'rejected', error: { name: 'DeadlineExceededError' } });
    expect(breaker.state).toBe('closed');
  });
});
