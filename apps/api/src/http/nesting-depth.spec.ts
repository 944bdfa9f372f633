import fc from 'fast-check';
import { nestingDepthExceeds } from './nesting-depth.js';

// The definition, recursively: what the iterative walk must agree with.
const depthOf = (value: unknown): number =>
  typeof value !== 'object' || value === null
    ? 0
    : 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf));

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('nestingDepthExceeds', () => {
  it('counts a checkout body as 3 levels', () => {
    const body = { customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 2 }] };
    expect(nestingDepthExceeds(body, 3)).toBe(false);
    expect(nestingDepthExceeds(body, 2)).toBe(true);
  });

  it('never counts a scalar', () => {
    for (const scalar of [null, 1, 'text', true, undefined])
      expect(nestingDepthExceeds(scalar, 0)).toBe(false);
  });

  it('measures 30,000 levels without overflowing the stack', () => {
    expect(nestingDepthExceeds(nested(30_000), 32)).toBe(true);
    expect(nestingDepthExceeds(nested(30_000), 30_000)).toBe(false);
  });

  it('finds the one deep branch among many shallow ones', () => {
    const body = { items: Array.from({ length: 1_000 }, () => ({ sku: 'x' })), extra: nested(40) };
    expect(nestingDepthExceeds(body, 32)).toBe(true);
  });

  it('agrees with the recursive definition on any JSON value and limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        expect(nestingDepthExceeds(value, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });
});
