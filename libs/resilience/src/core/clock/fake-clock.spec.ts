import { FakeClock, flushMicrotasks } from './fake-clock.js';

describe('FakeClock', () => {
  it('starts at the given time and stays there until advanced', () => {
    const clock = new FakeClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('starts at a fixed epoch by default', () => {
    expect(new FakeClock().now()).toBe(1_700_000_000_000);
  });

  it('runs due timers in order during advance, with now at each timer due time', () => {
    const clock = new FakeClock(0);
    const seen: Array<[string, number]> = [];
    clock.setTimer(30, () => seen.push(['b', clock.now()]));
    clock.setTimer(10, () => seen.push(['a', clock.now()]));
    clock.advance(50);
    expect(seen).toEqual([
      ['a', 10],
      ['b', 30],
    ]);
  });

  it('ends advance at the target time', () => {
    const clock = new FakeClock(0);
    clock.setTimer(10, () => {});
    clock.advance(25);
    expect(clock.now()).toBe(25);
  });

  it('leaves timers due after the target time pending', () => {
    const clock = new FakeClock(0);
    let ran = false;
    clock.setTimer(100, () => (ran = true));
    clock.advance(99);
    expect(ran).toBe(false);
    expect(clock.pendingTimers).toBe(1);
  });

  it('runs a timer scheduled by another timer when it falls within the same advance', () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    clock.setTimer(10, () => clock.setTimer(10, () => seen.push(clock.now())));
    clock.advance(20);
    expect(seen).toEqual([20]);
  });

  it('treats a negative delay as zero', () => {
    const clock = new FakeClock(0);
    let ran = false;
    clock.setTimer(-5, () => (ran = true));
    clock.advance(0);
    expect(ran).toBe(true);
  });

  it('does not run a cancelled timer', () => {
    const clock = new FakeClock(0);
    let ran = false;
    clock.setTimer(10, () => (ran = true)).cancel();
    clock.advance(20);
    expect(ran).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets chained sleeps progress within one advanceAsync', async () => {
    const clock = new FakeClock(0);
    const woke: number[] = [];
    void (async () => {
      await clock.sleep(10);
      woke.push(clock.now());
      await clock.sleep(10);
      woke.push(clock.now());
    })();
    await clock.advanceAsync(20);
    expect(woke).toEqual([10, 20]);
  });

  it('does not run timers that promise continuations schedule during a synchronous advance', async () => {
    const clock = new FakeClock(0);
    const woke: number[] = [];
    void (async () => {
      await clock.sleep(10);
      woke.push(clock.now());
      await clock.sleep(10);
      woke.push(clock.now());
    })();
    clock.advance(20);
    await flushMicrotasks();
    expect(woke).toHaveLength(1);
    expect(clock.pendingTimers).toBe(1);
  });
});
