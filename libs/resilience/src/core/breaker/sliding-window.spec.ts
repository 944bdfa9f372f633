import fc from 'fast-check';
import { CountWindow, TimeWindow } from './sliding-window.js';

const outcome = fc.record({ failed: fc.boolean(), slow: fc.boolean() });

describe('CountWindow', () => {
  it('counts calls, failures and slow calls', () => {
    const window = new CountWindow(10);
    window.record(true, false);
    window.record(false, true);
    window.record(true, true);
    expect(window).toMatchObject({ total: 3, failed: 2, slow: 2 });
  });

  it('forgets the oldest call once it holds size calls', () => {
    const window = new CountWindow(2);
    window.record(true, true);
    window.record(false, false);
    window.record(false, false);
    expect(window).toMatchObject({ total: 2, failed: 0, slow: 0 });
  });

  it('empties on reset', () => {
    const window = new CountWindow(3);
    window.record(true, true);
    window.reset();
    expect(window).toMatchObject({ total: 0, failed: 0, slow: 0 });
  });

  it('always equals the counts over the last size calls (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(outcome, { maxLength: 40 }), (size, calls) => {
        const window = new CountWindow(size);
        calls.forEach((call, i) => {
          window.record(call.failed, call.slow);
          const last = calls.slice(Math.max(0, i + 1 - size), i + 1);
          expect({ total: window.total, failed: window.failed, slow: window.slow }).toEqual({
            total: last.length,
            failed: last.filter((c) => c.failed).length,
            slow: last.filter((c) => c.slow).length,
          });
        });
      }),
    );
  });
});

describe('TimeWindow', () => {
  it('accumulates calls within one second', () => {
    const window = new TimeWindow(10);
    window.record(true, false, 1_000);
    window.record(false, true, 1_999);
    expect(window).toMatchObject({ total: 2, failed: 1, slow: 1 });
  });

  it('drops the calls of a second once it ages out of the window', () => {
    const window = new TimeWindow(3);
    window.record(true, false, 1_000);
    window.record(false, false, 2_000);
    window.refresh(4_000);
    expect(window).toMatchObject({ total: 1, failed: 0 });
  });

  it('drops everything after a gap longer than the window', () => {
    const window = new TimeWindow(3);
    window.record(true, true, 1_000);
    window.refresh(60_000);
    expect(window).toMatchObject({ total: 0, failed: 0, slow: 0 });
  });

  it('keeps its calls when refreshed with an earlier time', () => {
    const window = new TimeWindow(3);
    window.record(true, false, 5_000);
    window.refresh(4_000);
    expect(window.total).toBe(1);
  });

  it('empties on reset', () => {
    const window = new TimeWindow(3);
    window.record(true, true, 1_000);
    window.reset();
    expect(window).toMatchObject({ total: 0, failed: 0, slow: 0 });
  });

  it('always equals the counts of the calls in the last `seconds` whole seconds (property)', () => {
    const call = fc.record({
      gapMs: fc.integer({ min: 0, max: 2_500 }),
      failed: fc.boolean(),
      slow: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(call, { maxLength: 40 }), (seconds, calls) => {
        const window = new TimeWindow(seconds);
        const recorded: Array<{ at: number; failed: boolean; slow: boolean }> = [];
        let now = 10_000;
        for (const c of calls) {
          now += c.gapMs;
          window.record(c.failed, c.slow, now);
          recorded.push({ at: now, failed: c.failed, slow: c.slow });
          const oldest = Math.floor(now / 1000) - seconds;
          const inWindow = recorded.filter((r) => Math.floor(r.at / 1000) > oldest);
          expect({ total: window.total, failed: window.failed, slow: window.slow }).toEqual({
            total: inWindow.length,
            failed: inWindow.filter((r) => r.failed).length,
            slow: inWindow.filter((r) => r.slow).length,
          });
        }
      }),
    );
  });
});
