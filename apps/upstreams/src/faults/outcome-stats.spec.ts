import { OutcomeStats } from './outcome-stats.js';

describe('OutcomeStats', () => {
  it('sorts answered statuses into ok (2xx, 3xx), client_error (4xx) and server_error (5xx)', () => {
    const stats = new OutcomeStats();
    for (const status of [200, 201, 204, 304, 400, 404, 409, 500, 503]) stats.answered(status);
    expect(stats.snapshot().outcomes).toMatchObject({ ok: 4, client_error: 3, server_error: 2 });
  });

  it('counts arrivals apart from outcomes, so requests in flight show in the total only', () => {
    const stats = new OutcomeStats();
    stats.arrived({});
    stats.arrived({});
    stats.record('hung');
    stats.record('expired');
    expect(stats.snapshot()).toEqual({
      total: 2,
      outcomes: {
        ok: 0,
        client_error: 0,
        server_error: 0,
        injected_failure: 0,
        hung: 1,
        reset: 0,
        expired: 1,
      },
      lastDeadlineHeaders: {},
    });
  });

  it('shows the deadline headers of the latest request, and only those', () => {
    const stats = new OutcomeStats();
    stats.arrived({ 'x-request-deadline': '1700000001000', 'x-request-timeout-ms': '900', host: 'x' });
    expect(stats.snapshot().lastDeadlineHeaders).toEqual({
      'x-request-deadline': '1700000001000',
      'x-request-timeout-ms': '900',
    });
    stats.arrived({ 'x-request-timeout-ms': '40' });
    expect(stats.snapshot().lastDeadlineHeaders).toEqual({ 'x-request-timeout-ms': '40' });
  });

  it('shows no deadline headers before any request', () => {
    expect(new OutcomeStats().snapshot().lastDeadlineHeaders).toBeNull();
  });

  it('starts from zero after a reset', () => {
    const stats = new OutcomeStats();
    stats.arrived({ 'x-request-timeout-ms': '40' });
    stats.record('reset');
    stats.reset();
    expect(stats.snapshot()).toEqual(new OutcomeStats().snapshot());
  });

  it('hands out copies that later counts do not change', () => {
    const stats = new OutcomeStats();
    const before = stats.snapshot();
    stats.record('ok');
    expect(before.outcomes.ok).toBe(0);
  });
});
