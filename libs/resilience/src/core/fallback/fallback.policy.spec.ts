import { jest } from '@jest/globals';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { FallbackFailedError } from '../errors/fallback-failed.error.js';
import { EventStream } from '../events/event-stream.js';
import type { ResilienceEvent } from '../events/resilience-event.js';
import { PolicyPipeline } from '../pipeline/policy-pipeline.js';
import { markRetriesExhausted } from '../retry/retries-exhausted.js';
import { fallbackKindOf, FallbackPolicy, type FallbackKind } from './fallback.policy.js';

function exhausted(): Error {
  const error = Object.assign(new Error('upstream 503'), { status: 503 });
  markRetriesExhausted(error);
  return error;
}

const handled: Array<[FallbackKind, string, () => unknown]> = [
  ['broken_circuit', 'BrokenCircuitError', () => BrokenCircuitError.fast('catalog', 1_000)],
  ['bulkhead_rejected', 'BulkheadRejectedError', () => BulkheadRejectedError.fast('catalog', 1, 0, 'full')],
  ['timeout', 'AttemptTimeoutError', () => new AttemptTimeoutError('catalog', 100)],
  ['timeout', 'DeadlineExceededError', () => new DeadlineExceededError('catalog', 0)],
  ['retries_exhausted', 'an error retries gave up on', exhausted],
];

const failingWith = (error: unknown) => () => Promise.reject(error);

/** Runs `call` through a pipeline of just `policy`, answering with `fallback`. */
function through<T>(
  policy: FallbackPolicy,
  call: () => Promise<T>,
  fallback: (error: unknown) => T | Promise<T>,
): Promise<T> {
  return new PolicyPipeline(policy.name, { fallback: policy }).execute(() => call(), { fallback });
}

describe('FallbackPolicy', () => {
  it.each(handled)('answers %s (%s) by default', async (_kind, _name, makeError) => {
    const policy = new FallbackPolicy('catalog');
    await expect(through(policy, failingWith(makeError()), () => 'cached')).resolves.toBe('cached');
  });

  it('hands the original error to the fallback', async () => {
    const error = new AttemptTimeoutError('catalog', 100);
    const fallback = jest.fn(() => 'cached');
    await through(new FallbackPolicy('catalog'), failingWith(error), fallback);
    expect(fallback).toHaveBeenCalledWith(error);
  });

  it('awaits an async fallback', async () => {
    const policy = new FallbackPolicy('catalog');
    await expect(
      through(policy, failingWith(new AttemptTimeoutError('c', 1)), async () => 'later'),
    ).resolves.toBe('later');
  });

  it('returns the call value without running the fallback when the call succeeds', async () => {
    const fallback = jest.fn(() => 'cached');
    await expect(through(new FallbackPolicy('catalog'), async () => 'fresh', fallback)).resolves.toBe(
      'fresh',
    );
    expect(fallback).not.toHaveBeenCalled();
  });

  it('lets errors it does not handle through untouched', async () => {
    const error = Object.assign(new Error('not found'), { status: 404 });
    const fallback = jest.fn(() => 'cached');
    await expect(through(new FallbackPolicy('catalog'), failingWith(error), fallback)).rejects.toBe(error);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('answers only the kinds it is configured for', async () => {
    const policy = new FallbackPolicy('catalog', ['timeout']);
    const broken = BrokenCircuitError.fast('catalog', 1);
    await expect(through(policy, failingWith(broken), () => 'cached')).rejects.toBe(broken);
  });

  it('answers a configured kind', async () => {
    const policy = new FallbackPolicy('catalog', ['timeout']);
    await expect(through(policy, failingWith(new AttemptTimeoutError('c', 1)), () => 'cached')).resolves.toBe(
      'cached',
    );
  });

  it('answers exactly what a predicate accepts', async () => {
    const policy = new FallbackPolicy('catalog', (e) => e instanceof RangeError);
    expect([policy.handles(new RangeError('x')), policy.handles(new AttemptTimeoutError('c', 1))]).toEqual([
      true,
      false,
    ]);
  });

  it('surfaces a failing fallback as FallbackFailedError carrying both errors', async () => {
    const original = new AttemptTimeoutError('catalog', 100);
    const fallbackError = new Error('cache down');
    const failure = await through(new FallbackPolicy('catalog'), failingWith(original), () => {
      throw fallbackError;
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FallbackFailedError);
    expect(failure).toMatchObject({ policy: 'catalog', cause: original, fallbackError });
  });

  it('surfaces a rejected async fallback as FallbackFailedError', async () => {
    const policy = new FallbackPolicy('catalog');
    const failure = through(policy, failingWith(new AttemptTimeoutError('c', 1)), () =>
      Promise.reject(new Error('nope')),
    );
    await expect(failure).rejects.toBeInstanceOf(FallbackFailedError);
  });

  it('reports each fallback it uses, with the error', async () => {
    const events = new EventStream();
    const seen: ResilienceEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const error = new AttemptTimeoutError('catalog', 100);
    await through(new FallbackPolicy('catalog', undefined, events), failingWith(error), () => 'cached');
    expect(seen).toEqual([{ type: 'fallback_used', policy: 'catalog', error }]);
  });
});

describe('fallbackKindOf', () => {
  it.each(handled)('classifies as %s: %s', (kind, _name, makeError) => {
    expect(fallbackKindOf(makeError())).toBe(kind);
  });

  it('classifies an ordinary error as nothing', () => {
    expect(fallbackKindOf(new Error('x'))).toBeUndefined();
  });
});
