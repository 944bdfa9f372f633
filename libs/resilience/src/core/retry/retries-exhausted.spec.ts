import { isRetriesExhausted, markRetriesExhausted } from './retries-exhausted.js';

describe('retries exhausted marker', () => {
  it('marks an error without changing it', () => {
    const error = new Error('upstream 503');
    markRetriesExhausted(error);
    expect(isRetriesExhausted(error)).toBe(true);
    expect(Object.keys(error)).toEqual([]);
  });

  it('does not report an unmarked error', () => {
    expect(isRetriesExhausted(new Error('x'))).toBe(false);
  });

  it('ignores primitives, which it cannot mark', () => {
    markRetriesExhausted('boom');
    expect(isRetriesExhausted('boom')).toBe(false);
  });
});
