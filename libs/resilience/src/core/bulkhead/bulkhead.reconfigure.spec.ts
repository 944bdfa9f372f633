import { FakeClock, flushMicrotasks } from '../clock/fake-clock.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';
import { PolicyPipeline } from '../pipeline/policy-pipeline.js';
import type { BulkheadOptions } from './bulkhead.options.js';
import { BulkheadPolicy } from './bulkhead.policy.js';

/** Bodies that stay in flight until the test ends them, counting how many run at once. */
function bodies() {
  const ends: (() => void)[] = [];
  const state = { running: 0 };
  const body = () =>
    new Promise<string>((resolve) => {
      state.running++;
      ends.push(() => {
        state.running--;
        resolve('ok');
      });
    });
  /** Ends the body that started first among those still running. */
  const endOldest = async (): Promise<void> => {
    ends.shift()!();
    await flushMicrotasks();
  };
  return { body, state, endOldest };
}

function setup(options: BulkheadOptions) {
  const clock = new FakeClock(0);
  const bulkhead = new BulkheadPolicy('search', options, { clock });
  const pipeline = new PolicyPipeline('search', { bulkhead }, { clock });
  return { clock, bulkhead, run: (fn: () => Promise<string>) => pipeline.execute(fn) };
}

describe('BulkheadPolicy.reconfigure', () => {
  it('lets running calls keep their slots when the limit drops', () => {
    const { bulkhead, run } = setup({ maxConcurrent: 4 });
    const { body, state } = bodies();
    for (let i = 0; i < 4; i++) void run(body);
    bulkhead.reconfigure({ maxConcurrent: 2 });
    expect([bulkhead.active, state.running]).toEqual([4, 4]);
  });

  it('admits no new call until fewer than the lowered limit run', async () => {
    const { bulkhead, run } = setup({ maxConcurrent: 4, maxQueue: 10 });
    const { body, state, endOldest } = bodies();
    for (let i = 0; i < 4; i++) void run(body);
    bulkhead.reconfigure({ maxConcurrent: 2 });
    for (let i = 0; i < 3; i++) void run(body);
    const runningAfterEachEnd: number[] = [];
    for (let i = 0; i < 3; i++) {
      await endOldest();
      runningAfterEachEnd.push(state.running);
    }
    expect(runningAfterEachEnd).toEqual([3, 2, 2]);
  });

  it('admits waiting calls at once, in arrival order, when the limit grows', () => {
    const { bulkhead, run } = setup({ maxConcurrent: 1, maxQueue: 5 });
    const started: number[] = [];
    for (let i = 0; i < 4; i++) void run(() => new Promise<string>(() => started.push(i)));
    bulkhead.reconfigure({ maxConcurrent: 3 });
    expect({ started, active: bulkhead.active, queued: bulkhead.queued }).toEqual({
      started: [0, 1, 2],
      active: 3,
      queued: 1,
    });
  });

  it('frees every slot once the calls end, whatever the limit did meanwhile', async () => {
    const { bulkhead, run } = setup({ maxConcurrent: 3, maxQueue: 10 });
    const { body, endOldest } = bodies();
    for (let i = 0; i < 8; i++) void run(body);
    bulkhead.reconfigure({ maxConcurrent: 1 });
    await endOldest();
    bulkhead.reconfigure({ maxConcurrent: 5 });
    await endOldest();
    bulkhead.reconfigure({ maxConcurrent: 2 });
    for (let i = 0; i < 6; i++) await endOldest();
    expect([bulkhead.active, bulkhead.queued]).toEqual([0, 0]);
  });

  it('keeps the calls already waiting when the queue shrinks, turning away new ones', async () => {
    const { bulkhead, run } = setup({ maxConcurrent: 1, maxQueue: 3 });
    const { body } = bodies();
    for (let i = 0; i < 4; i++) void run(body);
    bulkhead.reconfigure({ maxQueue: 1 });
    await expect(run(body)).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(bulkhead.queued).toBe(3);
  });

  it('limits the wait of calls queued after queueTimeoutMs is set', async () => {
    const { bulkhead, run, clock } = setup({ maxConcurrent: 1, maxQueue: 1 });
    const { body } = bodies();
    void run(body);
    bulkhead.reconfigure({ queueTimeoutMs: 50 });
    const queued = run(body);
    clock.advance(50);
    await expect(queued).rejects.toMatchObject({ reason: 'queue_timeout' });
  });

  it('reads the new values back through its getters', () => {
    const { bulkhead } = setup({ maxConcurrent: 4 });
    bulkhead.reconfigure({ maxConcurrent: 6, maxQueue: 3, queueTimeoutMs: 25 });
    expect([bulkhead.maxConcurrent, bulkhead.maxQueue, bulkhead.queueTimeoutMs]).toEqual([6, 3, 25]);
  });

  it('reports the settings in effect', () => {
    const { bulkhead } = setup({ maxConcurrent: 4, queueTimeoutMs: 10 });
    bulkhead.reconfigure({ maxQueue: 2, queueTimeoutMs: null });
    expect(bulkhead.effectiveSettings).toEqual({ maxConcurrent: 4, maxQueue: 2, queueTimeoutMs: null });
  });

  it('changes nothing when one option of the patch is invalid', () => {
    const { bulkhead } = setup({ maxConcurrent: 4 });
    expect(() => bulkhead.reconfigure({ maxConcurrent: 8, maxQueue: -1 })).toThrow(
      new InvalidPolicyConfigError('search', 'bulkhead.maxQueue', 'must be an integer >= 0, got -1'),
    );
    expect(bulkhead.effectiveSettings).toEqual({ maxConcurrent: 4, maxQueue: 0, queueTimeoutMs: null });
  });
});
