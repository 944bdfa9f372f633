import { SimulatedDependency } from './simulated-dependency.js';

describe('SimulatedDependency', () => {
  it('succeeds unless told otherwise', () => {
    expect(new SimulatedDependency().call(undefined)).toBe(true);
  });

  it('fails exactly the next N calls after failNext(N)', () => {
    const dependency = new SimulatedDependency();
    dependency.failNext(2);
    expect([undefined, undefined, undefined].map((f) => dependency.call(f))).toEqual([false, false, true]);
  });

  it('uses up a pending failure on a call whose outcome is forced', () => {
    const dependency = new SimulatedDependency();
    dependency.failNext(1);
    expect(dependency.call('success')).toBe(true);
    expect(dependency.call(undefined)).toBe(true);
  });

  it('replaces a pending count rather than adding to it', () => {
    const dependency = new SimulatedDependency();
    dependency.failNext(3);
    dependency.failNext(0);
    expect(dependency.call(undefined)).toBe(true);
  });
});
