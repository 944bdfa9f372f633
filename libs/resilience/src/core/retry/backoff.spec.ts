import fc from 'fast-check';
import { backoffDelay } from './backoff.js';

const never = (): number => {
  throw new Error('random should not be drawn');
};

describe('backoffDelay', () => {
  describe('constant', () => {
    it('waits the base delay every time', () => {
      expect([1, 2, 5].map((n) => backoffDelay('constant', n, 0, 200, 5_000, never))).toEqual([
        200, 200, 200,
      ]);
    });

    it('never exceeds the max delay', () => {
      expect(backoffDelay('constant', 1, 0, 200, 50, never)).toBe(50);
    });
  });

  describe('exponential without jitter', () => {
    it('doubles from the base delay', () => {
      expect([1, 2, 3, 4].map((n) => backoffDelay('exponential_no_jitter', n, 0, 100, 5_000, never))).toEqual(
        [100, 200, 400, 800],
      );
    });

    it('is capped at the max delay', () => {
      expect(backoffDelay('exponential_no_jitter', 10, 0, 100, 1_000, never)).toBe(1_000);
    });
  });

  describe('exponential with full jitter (the default)', () => {
    it('scales the exponential ceiling by the random draw', () => {
      expect(backoffDelay('exponential', 3, 0, 100, 5_000, () => 0.5)).toBe(200);
    });

    it('may wait nothing at all', () => {
      expect(backoffDelay('exponential', 3, 0, 100, 5_000, () => 0)).toBe(0);
    });

    it('caps the ceiling at the max delay before drawing', () => {
      expect(backoffDelay('exponential', 10, 0, 100, 1_000, () => 0.5)).toBe(500);
    });

    it('always lies in [0, min(max, base * 2^(n-1))) (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 1, max: 1_000 }),
          fc.integer({ min: 1, max: 60_000 }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (failed, base, max, draw) => {
            const delay = backoffDelay('exponential', failed, 0, base, max, () => draw);
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(Math.min(max, base * 2 ** (failed - 1)));
          },
        ),
      );
    });
  });

  describe('decorrelated jitter', () => {
    it('draws between the base and three times the previous delay', () => {
      expect(backoffDelay('decorrelated', 2, 400, 100, 5_000, () => 0.5)).toBe(100 + 0.5 * (1_200 - 100));
    });

    it('starts from the base delay when there was no previous one', () => {
      expect(backoffDelay('decorrelated', 1, 0, 100, 5_000, () => 0.99)).toBe(100);
    });

    it('is capped at the max delay', () => {
      expect(backoffDelay('decorrelated', 5, 4_000, 100, 5_000, () => 0.99)).toBe(5_000);
    });

    it('always lies in [base, min(max, max(base, 3 * previous))] (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 10_000 }),
          fc.integer({ min: 0, max: 1_000 }),
          fc.integer({ min: 1_000, max: 60_000 }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (previous, base, max, draw) => {
            const delay = backoffDelay('decorrelated', 2, previous, base, max, () => draw);
            expect(delay).toBeGreaterThanOrEqual(base);
            expect(delay).toBeLessThanOrEqual(Math.min(max, Math.max(base, 3 * previous)));
          },
        ),
      );
    });
  });
});
