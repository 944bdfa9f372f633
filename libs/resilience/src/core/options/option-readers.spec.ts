import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';
import { OptionReader } from './option-readers.js';

const read = new OptionReader('payments', 'retry');

function failureOf(fn: () => unknown): InvalidPolicyConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidPolicyConfigError) return error;
    throw error;
  }
  throw new Error('expected an InvalidPolicyConfigError');
}

describe('OptionReader', () => {
  describe('int', () => {
    it('returns the value when valid', () => {
      expect(read.int('maxAttempts', 4, 3)).toBe(4);
    });

    it('returns the default when the value is undefined', () => {
      expect(read.int('maxAttempts', undefined, 3)).toBe(3);
    });

    it.each([0, 1.5, NaN, -1, Infinity])('rejects %p below min 1 or not an integer', (value) => {
      expect(() => read.int('maxAttempts', value, 3)).toThrow(InvalidPolicyConfigError);
    });

    it('accepts Infinity only when allowed', () => {
      expect(read.int('maxQueue', Infinity, 0, 0, true)).toBe(Infinity);
    });

    it('honours a custom minimum', () => {
      expect(read.int('maxQueue', 0, 5, 0)).toBe(0);
    });

    it('names the policy and the option path in its error', () => {
      const error = failureOf(() => read.int('maxAttempts', 0, 3));
      expect(error).toMatchObject({ policy: 'payments', path: 'retry.maxAttempts' });
      expect(error.message).toBe('Policy "payments": retry.maxAttempts must be an integer >= 1, got 0.');
    });
  });

  describe('number', () => {
    it('returns the value when valid', () => {
      expect(read.number('baseDelayMs', 2.5, 100)).toBe(2.5);
    });

    it('returns the default when the value is undefined', () => {
      expect(read.number('baseDelayMs', undefined, 100)).toBe(100);
    });

    it.each([-1, NaN, Infinity, '5' as unknown as number])('rejects %p', (value) => {
      expect(() => read.number('baseDelayMs', value, 100)).toThrow(
        /^Policy "payments": retry\.baseDelayMs must be a finite number >= 0/,
      );
    });
  });

  describe('percent', () => {
    it('returns undefined when not set', () => {
      expect(read.percent('failureRateThreshold', undefined)).toBeUndefined();
    });

    it.each([0.1, 50, 100])('accepts %p', (value) => {
      expect(read.percent('failureRateThreshold', value)).toBe(value);
    });

    it.each([0, -5, 100.1, NaN])('rejects %p', (value) => {
      expect(() => read.percent('failureRateThreshold', value)).toThrow('must be a percentage in (0, 100]');
    });
  });

  describe('oneOf', () => {
    const kinds = ['count', 'time'] as const;

    it('returns an allowed value', () => {
      expect(read.oneOf('type', 'time', kinds, 'count')).toBe('time');
    });

    it('returns the default when the value is undefined', () => {
      expect(read.oneOf('type', undefined, kinds, 'count')).toBe('count');
    });

    it('rejects a value not allowed, listing the allowed ones', () => {
      expect(() => read.oneOf('type', 'sliding' as 'count', kinds, 'count')).toThrow(
        'Policy "payments": retry.type must be one of count, time, got sliding.',
      );
    });
  });
});
