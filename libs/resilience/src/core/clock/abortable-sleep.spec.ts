import { abortableSleep } from './abortable-sleep.js';
import { FakeClock } from './fake-clock.js';

function track(promise: Promise<unknown>): { state: 'pending' | 'resolved' | 'rejected'; reason?: unknown } {
  const result: { state: 'pending' | 'resolved' | 'rejected'; reason?: unknown } = { state: 'pending' };
  promise.then(
    () => (result.state = 'resolved'),
    (reason: unknown) => Object.assign(result, { state: 'rejected', reason }),
  );
  return result;
}

describe('abortableSleep', () => {
  it('resolves once the clock reaches the delay', async () => {
    const clock = new FakeClock(0);
    const sleep = track(abortableSleep(clock, 100));
    await clock.advanceAsync(99);
    expect(sleep.state).toBe('pending');
    await clock.advanceAsync(1);
    expect(sleep.state).toBe('resolved');
  });

  it('rejects at once with the reason of an already-aborted signal, scheduling no timer', async () => {
    const clock = new FakeClock(0);
    const reason = new Error('gone');
    await expect(abortableSleep(clock, 100, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the signal reason when aborted mid-sleep', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const reason = new Error('caller left');
    const sleep = abortableSleep(clock, 100, controller.signal);
    await clock.advanceAsync(40);
    controller.abort(reason);
    await expect(sleep).rejects.toBe(reason);
  });

  it('cancels its timer when aborted', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleep = track(abortableSleep(clock, 100, controller.signal));
    controller.abort();
    await clock.advanceAsync(0);
    expect(sleep.state).toBe('rejected');
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops listening to the signal once it has resolved', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleep = track(abortableSleep(clock, 10, controller.signal));
    await clock.advanceAsync(10);
    controller.abort();
    await clock.advanceAsync(0);
    expect(sleep.state).toBe('resolved');
  });
});
