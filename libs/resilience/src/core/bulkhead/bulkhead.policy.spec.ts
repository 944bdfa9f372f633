import { jest } from '@jest/globals';
import { FakeClock } from '../clock/fake-clock.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import { PolicyPipeline } from '../pipeline/policy-pipeline.js';
import type { BulkheadOptions } from './bulkhead.options.js';
import { BulkheadPolicy } from './bulkhead.policy.js';

/** Runs `fn` through the bulkhead alone: a pipeline of just it, as users run one policy. */
function runThrough<T>(bulkhead: BulkheadPolicy, fn: () => Promise<T>): Promise<T> {
  return new PolicyPipeline(bulkhead.name, { bulkhead }).execute(() => fn());
}

/** A call that stays in flight until the test settles it. */
function deferred<T = string>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(options: BulkheadOptions = {}) {
  const clock = new FakeClock(0);
  const events = new EventStream();
  const seen: ResilienceEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const bulkhead = new BulkheadPolicy('search', options, { clock, events });
  return { clock, bulkhead, seen };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('BulkheadPolicy', () => {
  it('allows 10 concurrent calls and no queue by default', () => {
    const { bulkhead } = setup();
    expect({ maxConcurrent: bulkhead.maxConcurrent, maxQueue: bulkhead.maxQueue }).toEqual({
      maxConcurrent: 10,
      maxQueue: 0,
    });
  });

  it('runs up to maxConcurrent calls at once', () => {
    const { bulkhead } = setup({ maxConcurrent: 2 });
    const hold = deferred();
    void runThrough(bulkhead, () => hold.promise);
    void runThrough(bulkhead, () => hold.promise);
    expect(bulkhead.active).toBe(2);
  });

  it('rejects at once, without calling fn, when full and no queue is allowed', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1 });
    void runThrough(bulkhead, () => deferred().promise);
    const fn = jest.fn(async () => 'ok');
    await expect(runThrough(bulkhead, fn)).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('says in the rejection which bulkhead was full and its counts', async () => {
    const { bulkhead } = setup({ maxConcurrent: 2, maxQueue: 1 });
    for (let i = 0; i < 3; i++) void runThrough(bulkhead, () => deferred().promise);
    const error = await rejectionOf(runThrough(bulkhead, async () => 'ok'));
    expect(error).toMatchObject({ policy: 'search', active: 2, queued: 1, reason: 'full' });
  });

  it('reports a rejection on its event stream', async () => {
    const { bulkhead, seen } = setup({ maxConcurrent: 1 });
    void runThrough(bulkhead, () => deferred().promise);
    await rejectionOf(runThrough(bulkhead, async () => 'ok'));
    expect(seen).toEqual([
      { type: 'bulkhead_rejected', policy: 'search', active: 1, queued: 0, reason: 'full' },
    ]);
  });

  it('queues up to maxQueue calls while full', () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 2 });
    for (let i = 0; i < 3; i++) void runThrough(bulkhead, () => deferred().promise);
    expect({ active: bulkhead.active, queued: bulkhead.queued }).toEqual({ active: 1, queued: 2 });
  });

  it('hands a freed slot to the longest-waiting call', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 2 });
    const first = deferred();
    const started: string[] = [];
    const running = runThrough(bulkhead, () => first.promise);
    void runThrough(bulkhead, async () => void started.push('second'));
    void runThrough(bulkhead, async () => void started.push('third'));
    first.resolve('done');
    await running;
    await Promise.resolve();
    expect(started[0]).toBe('second');
  });

  it('keeps the slot count when handing a slot to a waiting call', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 1 });
    const first = deferred();
    const running = runThrough(bulkhead, () => first.promise);
    void runThrough(bulkhead, () => deferred().promise);
    first.resolve('done');
    await running;
    expect({ active: bulkhead.active, queued: bulkhead.queued }).toEqual({ active: 1, queued: 0 });
  });

  it('returns the value of the call it ran from the queue', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 1 });
    const first = deferred();
    void runThrough(bulkhead, () => first.promise);
    const queued = runThrough(bulkhead, async () => 'from queue');
    first.resolve('done');
    await expect(queued).resolves.toBe('from queue');
  });

  it('releases the slot when the call succeeds', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1 });
    await runThrough(bulkhead, async () => 'ok');
    expect(bulkhead.active).toBe(0);
  });

  it('releases the slot when the call fails', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1 });
    await rejectionOf(runThrough(bulkhead, async () => Promise.reject(new Error('x'))));
    expect(bulkhead.active).toBe(0);
  });

  it('releases the slot when fn throws synchronously', async () => {
    const { bulkhead } = setup({ maxConcurrent: 1 });
    const error = await rejectionOf(
      runThrough(bulkhead, () => {
        throw new Error('sync');
      }),
    );
    expect((error as Error).message).toBe('sync');
    expect(bulkhead.active).toBe(0);
  });

  it('rejects a call that waited longer than queueTimeoutMs, with reason queue_timeout', async () => {
    const { bulkhead, clock } = setup({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 100 });
    void runThrough(bulkhead, () => deferred().promise);
    const queued = rejectionOf(runThrough(bulkhead, async () => 'ok'));
    clock.advance(100);
    expect(await queued).toMatchObject({ policy: 'search', reason: 'queue_timeout' });
  });

  it('takes a call whose queue wait ran out out of the queue', () => {
    const { bulkhead, clock } = setup({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 100 });
    void runThrough(bulkhead, () => deferred().promise);
    void rejectionOf(runThrough(bulkhead, async () => 'ok'));
    clock.advance(100);
    expect(bulkhead.queued).toBe(0);
  });

  it('cancels the queue timer of a call admitted in time', async () => {
    const { bulkhead, clock } = setup({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 100 });
    const first = deferred();
    const running = runThrough(bulkhead, () => first.promise);
    void runThrough(bulkhead, async () => 'ok');
    first.resolve('done');
    await running;
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes a waiter out of the queue when it is cancelled', () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 1 });
    bulkhead.tryAcquire();
    const waiter = bulkhead.enqueue(
      () => {},
      () => {},
    );
    waiter!.cancel();
    expect(bulkhead.queued).toBe(0);
  });

  it('frees the slot instead of admitting a cancelled waiter', () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 1 });
    bulkhead.tryAcquire();
    const admit = jest.fn();
    bulkhead.enqueue(admit, () => {})!.cancel();
    bulkhead.release();
    expect(admit).not.toHaveBeenCalled();
    expect(bulkhead.active).toBe(0);
  });

  it('accepts an unbounded queue', () => {
    expect(new BulkheadPolicy('search', { maxQueue: Infinity }).maxQueue).toBe(Infinity);
  });

  it('rejects maxConcurrent 0, naming policy and option', () => {
    expect(() => new BulkheadPolicy('search', { maxConcurrent: 0 })).toThrow(
      'Policy "search": bulkhead.maxConcurrent must be an integer >= 1, got 0.',
    );
  });

  it('rejects a negative maxQueue, naming policy and option', () => {
    expect(() => new BulkheadPolicy('search', { maxQueue: -1 })).toThrow(
      'Policy "search": bulkhead.maxQueue',
    );
  });

  it('rejects a negative queueTimeoutMs, naming policy and option', () => {
    expect(() => new BulkheadPolicy('search', { queueTimeoutMs: -1 })).toThrow(
      'Policy "search": bulkhead.queueTimeoutMs',
    );
  });
});
