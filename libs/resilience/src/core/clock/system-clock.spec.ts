import { jest } from '@jest/globals';
import { SystemClock, systemClock } from './system-clock.js';

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('SystemClock', () => {
  afterEach(() => jest.useRealTimers());

  it('starts its monotonic time at the epoch time of process start', () => {
    const clock = new SystemClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
    const before = Date.now();
    const epochNow = clock.epochNow();
    expect(epochNow).toBeGreaterThanOrEqual(before);
    expect(epochNow).toBeLessThanOrEqual(Date.now());
  });

  it('moves no timer when the wall clock is stepped back or forward', () => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const clock = new SystemClock();
    const fired: string[] = [];
    clock.setTimer(100, () => fired.push('100 ms'));
    const monotonicStart = clock.now();

    jest.setSystemTime(Date.now() - 3_000); // NTP steps the wall clock back
    jest.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    jest.setSystemTime(Date.now() + 6_000); // and then forward
    jest.advanceTimersByTime(0);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);

    expect(fired).toEqual(['100 ms']);
    expect(clock.now() - monotonicStart).toBe(100);
    expect(clock.epochNow()).toBe(1_700_000_000_000 + 3_000 + 100);
  });

  it("follows the performance clock in use, fake timers' own and the real one again after them", () => {
    const clock = new SystemClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    expect(clock.now()).toBe(1_700_000_000_000);
    jest.advanceTimersByTime(250);
    expect(clock.now()).toBe(1_700_000_000_250);
    jest.useRealTimers();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
  });

  it('fires due timers in due-time order and never a cancelled one', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    clock.setTimer(15, () => fired.push('late'));
    clock.setTimer(5, () => fired.push('early'));
    clock.setTimer(10, () => fired.push('cancelled')).cancel();
    await realDelay(40);
    expect(fired).toEqual(['early', 'late']);
  });

  it('fires a timer on time when a callback that ran before it scheduled a later one', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const clock = new SystemClock();
    const fired: string[] = [];
    clock.setTimer(100, () => clock.setTimer(1_000, () => fired.push('later')));
    clock.setTimer(150, () => fired.push('on time'));
    jest.advanceTimersByTime(150);
    expect(fired).toEqual(['on time']);
  });

  it('resolves a sleep after its delay', async () => {
    const started = performance.now();
    await systemClock.sleep(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
  });
});
