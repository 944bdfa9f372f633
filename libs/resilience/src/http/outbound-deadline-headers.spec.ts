import { Attempt, DeadlineExceededError, FakeClock, runInScope, runWithDeadline } from '../core/index.js';
import { outboundDeadlineHeaders } from './outbound-deadline-headers.js';

describe('outboundDeadlineHeaders', () => {
  const clock = new FakeClock();

  it('carries the request deadline: epoch ms and the milliseconds left, both strings', () => {
    const headers = runWithDeadline(clock.now() + 1_500, () => outboundDeadlineHeaders({ clock }));
    expect(headers).toEqual({
      'x-request-deadline': String(clock.epochNow() + 1_500),
      'x-request-timeout-ms': '1500',
    });
  });

  it("carries the running attempt's deadline, which includes its own timeout", () => {
    const headers = runWithDeadline(clock.now() + 3_000, () =>
      runInScope(new Attempt('payments', 1, clock.now() + 2_000), () => outboundDeadlineHeaders({ clock })),
    );
    expect(headers).toEqual({
      'x-request-deadline': String(clock.epochNow() + 2_000),
      'x-request-timeout-ms': '2000',
    });
  });

  it('is empty outside any deadline, and for an attempt without one', () => {
    expect(outboundDeadlineHeaders({ clock })).toEqual({});
    expect(
      runInScope(new Attempt('payments', 1, undefined), () => outboundDeadlineHeaders({ clock })),
    ).toEqual({});
  });

  it('rounds both down, so the next hop never gets more time than is left', () => {
    const headers = runWithDeadline(clock.now() + 250.9, () => outboundDeadlineHeaders({ clock }));
    expect(headers['x-request-timeout-ms']).toBe('250');
    expect(headers['x-request-deadline']).toBe(String(Math.floor(clock.epochNow() + 250.9)));
  });

  it('converts the monotonic deadline to epoch through the wall clock, however far it has stepped', () => {
    const stepped = new FakeClock();
    stepped.stepWallClock(-60_000);
    const headers = runWithDeadline(stepped.now() + 800, () => outboundDeadlineHeaders({ clock: stepped }));
    expect(headers).toEqual({
      'x-request-deadline': String(stepped.epochNow() + 800),
      'x-request-timeout-ms': '800',
    });
  });

  it("throws DeadlineExceededError naming the attempt's policy when less than 1 ms is left", () => {
    const deadlineAt = clock.now() + 0.5;
    const call = () =>
      runInScope(new Attempt('payments', 2, deadlineAt), () => outboundDeadlineHeaders({ clock }));
    expect(call).toThrow(DeadlineExceededError);
    expect(call).toThrow(expect.objectContaining({ policy: 'payments', deadlineAt }));
  });

  it('throws DeadlineExceededError for a request deadline already past', () => {
    expect(() => runWithDeadline(clock.now() - 10, () => outboundDeadlineHeaders({ clock }))).toThrow(
      DeadlineExceededError,
    );
  });
});
