import { jest } from '@jest/globals';
import { SystemClock, systemClock } from './system-clock.js';

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('SystemClock', () => {
  it('reads wall-clock time', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
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
    try {
      const clock = new SystemClock();
      const fired: string[] = [];
      clock.setTimer(100, () => clock.setTimer(1_000, () => fired.push('later')));
      clock.setTimer(150, () => fired.push('on time'));
      jest.advanceTimersByTime(150);
      expect(fired).toEqual(['on time']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('resolves a sleep after its delay', async () => {
    const started = Date.now();
    await systemClock.sleep(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4);
  });
});
