import fc from 'fast-check';
import { currentDeadline, currentScope, earliest, runInScope, runWithDeadline } from './resilience-scope.js';

describe('resilience scope', () => {
  it('has no deadline outside any scope', () => {
    expect(currentDeadline()).toBeUndefined();
  });

  it('exposes the deadline of runWithDeadline to the function', () => {
    expect(runWithDeadline(1_000, () => currentDeadline())).toBe(1_000);
  });

  it('keeps the deadline across awaits inside the function', async () => {
    const seen = await runWithDeadline(1_000, async () => {
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      return currentDeadline();
    });
    expect(seen).toBe(1_000);
  });

  it('tightens an outer deadline with an earlier nested one', () => {
    expect(runWithDeadline(1_000, () => runWithDeadline(500, () => currentDeadline()))).toBe(500);
  });

  it('never extends an outer deadline with a later nested one', () => {
    expect(runWithDeadline(1_000, () => runWithDeadline(5_000, () => currentDeadline()))).toBe(1_000);
  });

  it('inherits the outer deadline when the nested one is undefined', () => {
    expect(runWithDeadline(1_000, () => runWithDeadline(undefined, () => currentDeadline()))).toBe(1_000);
  });

  it('restores the outer deadline after a nested scope returns', () => {
    expect(
      runWithDeadline(1_000, () => {
        runWithDeadline(500, () => {});
        return currentDeadline();
      }),
    ).toBe(1_000);
  });

  it('runs a function inside a given scope', () => {
    const scope = { deadlineAt: 42 };
    expect(runInScope(scope, () => currentScope())).toBe(scope);
  });

  it('picks the earlier of two deadlines, an undefined one imposing nothing (property)', () => {
    const deadline = fc.option(fc.integer(), { nil: undefined });
    fc.assert(
      fc.property(deadline, deadline, (a, b) => {
        const defined = [a, b].filter((d): d is number => d !== undefined);
        expect(earliest(a, b)).toBe(defined.length ? Math.min(...defined) : undefined);
      }),
    );
  });
});
