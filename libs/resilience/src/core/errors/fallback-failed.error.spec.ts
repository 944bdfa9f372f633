import { FallbackFailedError, isFallbackFailedError } from './fallback-failed.error.js';

describe('FallbackFailedError', () => {
  const original = new Error('upstream 503');
  const fallbackError = new Error('cache miss');

  it('keeps the original error as cause and what the fallback threw as fallbackError', () => {
    const error = new FallbackFailedError('catalog', original, fallbackError);
    expect(error.cause).toBe(original);
    expect(error.fallbackError).toBe(fallbackError);
  });

  it('names the policy and the fallback failure in its message', () => {
    expect(new FallbackFailedError('catalog', original, fallbackError).message).toBe(
      'Fallback for "catalog" failed (cache miss) after the call itself had failed.',
    );
  });

  it('describes a non-Error fallback failure by its string form', () => {
    expect(new FallbackFailedError('catalog', original, 'nope').message).toContain('(nope)');
  });

  it('is named and recognised by its type guard', () => {
    const error = new FallbackFailedError('catalog', original, fallbackError);
    expect(error.name).toBe('FallbackFailedError');
    expect(isFallbackFailedError(error)).toBe(true);
    expect(isFallbackFailedError(original)).toBe(false);
  });
});
