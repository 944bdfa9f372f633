import fc from 'fast-check';
import { FakeClock } from '../clock/fake-clock.js';
import type { AttemptContext } from '../context/attempt.js';
import { EventStream } from '../events/event-stream.js';
import type { CallOutcome, ResilienceEvent } from '../events/resilience-event.js';
import type { PolicyConfig, PolicyConfigPatch } from './policy-config.js';
import { ResiliencePolicy } from './resilience-policy.js';

// Calls through a whole policy (breaker, retry, timeout, bulkhead) on a fake clock while its
// settings change under them: every call must settle once, the breaker must hear exactly one
// outcome per call, and the bulkhead must admit no body beyond the limit in force and end empty.

const transient = (): Error => Object.assign(new Error('upstream 503'), { status: 503 });
// How long a hung body that ignores its signal runs: well past any timeout.
const HANG_MS = 300;

const callArb = fc.record({
  step: fc.constant('call' as const),
  gapMs: fc.integer({ min: 0, max: 20 }),
  kind: fc.constantFrom('succeed', 'fail', 'hang'),
  workMs: fc.integer({ min: 0, max: 60 }),
  readsSignal: fc.boolean(),
});
const reconfigureArb = fc.record({
  step: fc.constant('reconfigure' as const),
  gapMs: fc.integer({ min: 0, max: 20 }),
  failureThreshold: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  maxConcurrent: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  maxQueue: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  timeoutMs: fc.option(fc.integer({ min: 5, max: 80 }), { nil: undefined }),
  maxAttempts: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  maxTokens: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
});
type Step = typeof callArb | typeof reconfigureArb extends fc.Arbitrary<infer S> ? S : never;
type CallStep = Extract<Step, { step: 'call' }>;
type ReconfigureStep = Extract<Step, { step: 'reconfigure' }>;

const initial: PolicyConfig = {
  circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 40 },
  retry: { maxAttempts: 2, backoff: 'constant', baseDelayMs: 5, budget: { maxTokens: 4 } },
  timeoutMs: 50,
  bulkhead: { maxConcurrent: 2, maxQueue: 2 },
};

function patchOf(step: ReconfigureStep): PolicyConfigPatch {
  return {
    circuitBreaker: { failureThreshold: step.failureThreshold },
    retry: { maxAttempts: step.maxAttempts, budget: { maxTokens: step.maxTokens } },
    timeoutMs: step.timeoutMs,
    bulkhead: { maxConcurrent: step.maxConcurrent, maxQueue: step.maxQueue },
  };
}

function body(spec: CallStep, clock: FakeClock, ctx: AttemptContext): Promise<string> {
  const signal = spec.readsSignal ? ctx.signal : undefined;
  if (spec.kind === 'succeed') return clock.sleep(spec.workMs, signal).then(() => 'ok');
  if (spec.kind === 'fail') return clock.sleep(spec.workMs, signal).then(() => Promise.reject(transient()));
  return clock.sleep(signal ? Infinity : HANG_MS, signal).then(() => Promise.reject(transient()));
}

interface Observation {
  calls: number;
  settled: number;
  resolved: number;
  outcomes: Record<CallOutcome, number>;
  /** Bodies started while as many or more already ran as the limit in force allowed. */
  overAdmissions: number;
  mostAttempts: number;
  mostAttemptsAllowed: number;
  active: number;
  queued: number;
}

async function runScenario(steps: Step[]): Promise<Observation> {
  const clock = new FakeClock(0);
  const events = new EventStream();
  const outcomes: Record<CallOutcome, number> = { success: 0, failure: 0, ignored: 0, rejected: 0 };
  events.subscribe((e: ResilienceEvent) => {
    if (e.type === 'call_outcome') outcomes[e.outcome]++;
  });
  const policy = new ResiliencePolicy('p', initial, { clock, events, random: () => 0.5 });
  const bulkhead = policy.bulkhead!;
  const seen = { calls: 0, settled: 0, resolved: 0, overAdmissions: 0, mostAttempts: 0 };
  let mostAttemptsAllowed = policy.retry!.maxAttempts;
  let running = 0;

  for (const step of steps) {
    await clock.advanceAsync(step.gapMs);
    if (step.step === 'reconfigure') {
      policy.reconfigure(patchOf(step));
      mostAttemptsAllowed = Math.max(mostAttemptsAllowed, policy.retry!.maxAttempts);
      continue;
    }
    seen.calls++;
    let attempts = 0;
    policy
      .execute((ctx) => {
        attempts++;
        if (running >= bulkhead.maxConcurrent) seen.overAdmissions++;
        running++;
        const work = body(step, clock, ctx);
        const ended = (): void => void running--;
        work.then(ended, ended);
        return work;
      })
      .then(
        () => seen.resolved++,
        () => undefined,
      )
      .finally(() => {
        seen.settled++;
        seen.mostAttempts = Math.max(seen.mostAttempts, attempts);
      });
  }
  // Longer than any work, hang, timeout, backoff and open interval put together.
  await clock.advanceAsync(5_000);
  return { ...seen, outcomes, mostAttemptsAllowed, active: bulkhead.active, queued: bulkhead.queued };
}

const scenario = fc.array(fc.oneof(callArb, callArb, reconfigureArb), { minLength: 1, maxLength: 30 });

describe('ResiliencePolicy reconfigured under load (property)', () => {
  it('settles every call exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        const seen = await runScenario(steps);
        expect(seen.settled).toBe(seen.calls);
      }),
    );
  });

  it('gives the breaker exactly one outcome per call, a success for each call that succeeded', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        const { outcomes, calls, resolved } = await runScenario(steps);
        const total = outcomes.success + outcomes.failure + outcomes.ignored + outcomes.rejected;
        expect({ total, success: outcomes.success }).toEqual({ total: calls, success: resolved });
      }),
    );
  });

  it('starts no body beyond the bulkhead limit in force when it starts', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        expect((await runScenario(steps)).overAdmissions).toBe(0);
      }),
    );
  });

  it('makes no call try more often than the most attempts ever allowed', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        const seen = await runScenario(steps);
        expect(seen.mostAttempts).toBeLessThanOrEqual(seen.mostAttemptsAllowed);
      }),
    );
  });

  it('leaks no bulkhead slot or queue entry once every call has settled', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        const seen = await runScenario(steps);
        expect({ active: seen.active, queued: seen.queued }).toEqual({ active: 0, queued: 0 });
      }),
    );
  });
});

describe('ResiliencePolicy reconfigured under load', () => {
  const config: PolicyConfig = {
    circuitBreaker: { failureThreshold: 1_000, resetTimeoutMs: 60_000 },
    retry: { maxAttempts: 2, backoff: 'constant', baseDelayMs: 5, budget: false },
    timeoutMs: 100,
    bulkhead: { maxConcurrent: 10, maxQueue: 200 },
  };

  /** 200 calls that all fail, 10 started every 10 ms; the threshold drops to 40 after 30 counted failures. */
  async function lowerThresholdUnderLoad() {
    const clock = new FakeClock(0);
    const events = new EventStream();
    const log: ResilienceEvent[] = [];
    events.subscribe((e) => log.push(e));
    const policy = new ResiliencePolicy('payments', config, { clock, events });
    const failures = () => log.filter((e) => e.type === 'call_outcome' && e.outcome === 'failure').length;
    let settled = 0;
    let running = 0;
    let overLoweredLimit = 0;
    let lowered = false;
    let stateAtChange = '';
    for (let wave = 0; wave < 20; wave++) {
      for (let i = 0; i < 10; i++) {
        void policy
          .execute(() => {
            if (lowered && running >= 4) overLoweredLimit++;
            running++;
            return clock.sleep(10).then(() => {
              running--;
              throw transient();
            });
          })
          .catch(() => undefined)
          .finally(() => settled++);
      }
      await clock.advanceAsync(10);
      if (!lowered && failures() >= 30) {
        policy.reconfigure({ circuitBreaker: { failureThreshold: 40 }, bulkhead: { maxConcurrent: 4 } });
        lowered = true;
        stateAtChange = policy.breaker!.state;
      }
    }
    await clock.advanceAsync(5_000);
    const outcomes = log.filter((e) => e.type === 'call_outcome');
    const opened = log.findIndex((e) => e.type === 'state_change' && e.to === 'open');
    return {
      settled,
      outcomes: outcomes.length,
      stateAtChange,
      opens: log.filter((e) => e.type === 'state_change' && e.to === 'open'),
      failuresBeforeOpen: log
        .slice(0, opened)
        .filter((e) => e.type === 'call_outcome' && e.outcome === 'failure').length,
      overLoweredLimit,
      bulkhead: { active: policy.bulkhead!.active, queued: policy.bulkhead!.queued },
    };
  }

  it('settles every one of the calls and hears each exactly once', async () => {
    const run = await lowerThresholdUnderLoad();
    expect([run.settled, run.outcomes]).toEqual([200, 200]);
  });

  it('does not trip on the change itself', async () => {
    expect((await lowerThresholdUnderLoad()).stateAtChange).toBe('closed');
  });

  it('opens once, when the failures counted reach the new threshold', async () => {
    const run = await lowerThresholdUnderLoad();
    expect({ opens: run.opens.length, failuresBeforeOpen: run.failuresBeforeOpen }).toEqual({
      opens: 1,
      failuresBeforeOpen: 40,
    });
    expect(run.opens[0]).toMatchObject({ failures: 40 });
  });

  it('admits new bodies only under the lowered bulkhead limit, and ends with every slot free', async () => {
    const run = await lowerThresholdUnderLoad();
    expect({ over: run.overLoweredLimit, ...run.bulkhead }).toEqual({ over: 0, active: 0, queued: 0 });
  });
});
