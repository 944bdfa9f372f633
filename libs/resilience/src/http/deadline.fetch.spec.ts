import { jest } from '@jest/globals';
import { Attempt, DeadlineExceededError, FakeClock, runInScope, runWithDeadline } from '../core/index.js';
import { createDeadlineFetch } from './deadline.fetch.js';

describe('createDeadlineFetch', () => {
  let clock: FakeClock;
  let sent: { input: string | URL | Request; init?: RequestInit }[];
  let deadlineFetch: typeof fetch;

  beforeEach(() => {
    clock = new FakeClock();
    sent = [];
    // Records what would go over the wire instead of sending it.
    const recordingFetch = jest.fn(async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ input, init });
      return new Response('{}');
    });
    deadlineFetch = createDeadlineFetch({ clock, fetch: recordingFetch });
  });

  const headersSent = () => new Headers(sent[0].init?.headers);

  it("sends both headers for the attempt's deadline, and the attempt's signal", async () => {
    const attempt = new Attempt('payments', 1, clock.now() + 1_200);
    await runInScope(attempt, () => deadlineFetch('http://payments.test/charges', { method: 'POST' }));
    expect(headersSent().get('x-request-deadline')).toBe(String(clock.epochNow() + 1_200));
    expect(headersSent().get('x-request-timeout-ms')).toBe('1200');
    expect(sent[0].init?.signal).toBe(attempt.signal);
    expect(sent[0].init?.method).toBe('POST');
  });

  it("keeps the caller's other headers", async () => {
    await runWithDeadline(clock.now() + 300, () =>
      deadlineFetch('http://payments.test/charges', { headers: { 'idempotency-key': 'k-1' } }),
    );
    expect(headersSent().get('idempotency-key')).toBe('k-1');
    expect(headersSent().get('x-request-timeout-ms')).toBe('300');
  });

  it("keeps a Request's own headers when init gives none", async () => {
    const request = new Request('http://payments.test/charges', { headers: { 'idempotency-key': 'k-2' } });
    await runWithDeadline(clock.now() + 300, () => deadlineFetch(request));
    expect(headersSent().get('idempotency-key')).toBe('k-2');
    expect(headersSent().get('x-request-deadline')).toBe(String(clock.epochNow() + 300));
  });

  it("aborts on the caller's signal and on the attempt's alike", async () => {
    const fromCaller = new AbortController();
    const fromAttempt = new AbortController();
    const attempt = new Attempt('payments', 1, clock.now() + 1_000);
    await runInScope(attempt, () => deadlineFetch('http://payments.test/a', { signal: fromCaller.signal }));
    await runInScope(attempt, () => deadlineFetch('http://payments.test/b', { signal: fromAttempt.signal }));
    const [callerAborts, attemptAborts] = sent.map(({ init }) => init?.signal as AbortSignal);
    fromCaller.abort(new Error('caller gave up'));
    expect(callerAborts.aborted).toBe(true);
    expect(attemptAborts.aborted).toBe(false);
    attempt.abort(new Error('attempt timed out'));
    expect(attemptAborts.aborted).toBe(true);
    expect(attemptAborts.reason).toEqual(new Error('attempt timed out'));
  });

  it('passes a call outside any deadline through unchanged', async () => {
    const init = { headers: { accept: 'application/json' } };
    await deadlineFetch('http://catalog.test/products', init);
    expect(sent[0]).toEqual({ input: 'http://catalog.test/products', init });
  });

  it('rejects a call whose budget is spent with DeadlineExceededError naming the host, and sends nothing', async () => {
    const deadlineAt = clock.now() + 50;
    clock.advance(50);
    const call = runWithDeadline(deadlineAt, () => deadlineFetch('http://payments.test:4003/charges'));
    await expect(call).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(call).rejects.toMatchObject({ policy: 'payments.test:4003', deadlineAt });
    expect(sent).toHaveLength(0);
  });
});

describe('createDeadlineFetch without a fetch of its own', () => {
  it('sends through the global fetch as it is at call time', async () => {
    const clock = new FakeClock();
    const original = globalThis.fetch;
    const globalFetch = jest.fn(
      async (_input: string | URL | Request, _init?: RequestInit) => new Response(),
    );
    globalThis.fetch = globalFetch;
    try {
      await runWithDeadline(clock.now() + 10, () => createDeadlineFetch({ clock })('http://x.test/'));
    } finally {
      globalThis.fetch = original;
    }
    expect(new Headers(globalFetch.mock.calls[0][1]?.headers).get('x-request-timeout-ms')).toBe('10');
  });
});
