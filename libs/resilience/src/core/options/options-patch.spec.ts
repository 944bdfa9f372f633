import type { CircuitBreakerOptions } from '../breaker/circuit-breaker.options.js';
import { diffLeaves, isPlainObject, mergePatch } from './options-patch.js';

describe('mergePatch', () => {
  const base: CircuitBreakerOptions = {
    failureThreshold: 5,
    failureRateThreshold: 50,
    slidingWindow: { type: 'time', size: 30 },
  };

  it('replaces the options given and keeps the others', () => {
    expect(mergePatch(base, { failureThreshold: 3 })).toEqual({ ...base, failureThreshold: 3 });
  });

  it('merges nested objects option by option', () => {
    expect(mergePatch(base, { slidingWindow: { size: 60 } }).slidingWindow).toEqual({
      type: 'time',
      size: 60,
    });
  });

  it('creates a nested object the base lacks', () => {
    expect(mergePatch({}, { openBackoff: { multiplier: 3 } })).toEqual({ openBackoff: { multiplier: 3 } });
  });

  it('drops an option set to null, so its default applies again', () => {
    expect(mergePatch(base, { failureRateThreshold: null })).not.toHaveProperty('failureRateThreshold');
  });

  it('keeps an option whose patch value is undefined', () => {
    expect(mergePatch(base, { failureThreshold: undefined })).toEqual(base);
  });

  it('replaces functions and arrays whole instead of merging into them', () => {
    const isFailure = (): boolean => false;
    const merged = mergePatch(
      { on: ['timeout'], isFailure: () => true },
      { on: ['broken_circuit'], isFailure },
    );
    expect(merged).toEqual({ on: ['broken_circuit'], isFailure });
  });

  it('modifies neither the base nor the patch', () => {
    const patch = { slidingWindow: { size: 60 } };
    mergePatch(base, patch);
    expect([base.slidingWindow, patch]).toEqual([
      { type: 'time', size: 30 },
      { slidingWindow: { size: 60 } },
    ]);
  });
});

describe('diffLeaves', () => {
  it('lists each changed leaf by dotted path with its values before and after', () => {
    const before = { a: 1, nested: { b: 'x', c: 2 } };
    const after = { a: 1, nested: { b: 'y', c: 2 } };
    expect(diffLeaves(before, after)).toEqual([{ path: 'nested.b', from: 'x', to: 'y' }]);
  });

  it('reports an object appearing or going as one change, absent values as null', () => {
    expect(diffLeaves({ backoff: null, gone: 1 }, { backoff: { multiplier: 2 } })).toEqual([
      { path: 'backoff', from: null, to: { multiplier: 2 } },
      { path: 'gone', from: 1, to: null },
    ]);
  });

  it('finds nothing between objects with the same leaves', () => {
    const same = [1];
    expect(diffLeaves({ a: { b: same, c: 1 } }, { a: { b: same, c: 1 } })).toEqual([]);
  });

  it('compares arrays and functions by identity, as a patch replaces them whole', () => {
    expect(diffLeaves({ a: { b: [1] } }, { a: { b: [1] } }).map((c) => c.path)).toEqual(['a.b']);
  });
});

describe('isPlainObject', () => {
  it.each([
    [{}, true],
    [Object.create(null), true],
    [[], false],
    [null, false],
    [new Date(0), false],
    [() => {}, false],
  ])('%p -> %p', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});
