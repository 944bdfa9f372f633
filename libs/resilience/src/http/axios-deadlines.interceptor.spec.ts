import { jest } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpService } from '@nestjs/axios';
import axios, { isCancel, type AxiosInstance } from 'axios';
import { firstValueFrom } from 'rxjs';
import { Attempt, DeadlineExceededError, FakeClock, runInScope, runWithDeadline } from '../core/index.js';
import { AttemptAbortSignal } from './attempt-abort.signal.js';
import { useHttpServiceDeadlines, useOutboundDeadlines } from './axios-deadlines.interceptor.js';

// A real server: what it received is what went over the wire. `/hold` never answers.
let server: Server;
let baseURL: string;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.headers);
    if (request.url !== '/hold') response.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => (received.length = 0));

const deadlineHeadersOf = (headers: IncomingHttpHeaders | undefined) => ({
  deadline: headers?.['x-request-deadline'],
  timeoutMs: headers?.['x-request-timeout-ms'],
});

describe('useOutboundDeadlines', () => {
  let clock: FakeClock;
  let http: AxiosInstance;
  let remove: () => void;

  beforeEach(() => {
    clock = new FakeClock();
    http = axios.create({ baseURL });
    remove = useOutboundDeadlines(http, { clock });
  });

  it("sends both headers for the running attempt's deadline, and the attempt's cancellation, with no AbortController", async () => {
    const attempt = new Attempt('payments', 1, clock.now() + 2_000);
    const adopt = jest.spyOn(attempt, 'adopt');
    const release = jest.spyOn(attempt, 'release');
    const response = await runInScope(attempt, () => http.get('/charges'));
    expect(deadlineHeadersOf(received[0])).toEqual({
      deadline: String(clock.epochNow() + 2_000),
      timeoutMs: '2000',
    });
    expect(response.config.signal).toBeInstanceOf(AttemptAbortSignal);
    expect(response.config.signal).not.toBeInstanceOf(AbortSignal);
    // axios listened to the attempt while the request ran, and let go when it ended.
    expect(adopt).toHaveBeenCalledTimes(1);
    expect(release).toHaveBeenCalledWith(adopt.mock.calls[0][0]);
  });

  it('rejects the call of an attempt already aborted as canceled, and sends nothing', async () => {
    const attempt = new Attempt('payments', 1, clock.now() + 2_000);
    attempt.abort(new Error('attempt timed out'));
    const error = await runInScope(attempt, () => http.get('/charges')).catch((e: unknown) => e);
    expect(isCancel(error)).toBe(true);
    expect(received).toHaveLength(0);
  });

  it('sends the request deadline when no attempt runs the call', async () => {
    await runWithDeadline(clock.now() + 700, () => http.get('/charges'));
    expect(deadlineHeadersOf(received[0])).toEqual({
      deadline: String(clock.epochNow() + 700),
      timeoutMs: '700',
    });
  });

  it('sends neither header outside any deadline', async () => {
    await http.get('/charges');
    expect(deadlineHeadersOf(received[0])).toEqual({ deadline: undefined, timeoutMs: undefined });
  });

  it('cancels the request in flight when the attempt is aborted', async () => {
    const attempt = new Attempt('payments', 1, clock.now() + 2_000);
    const pending = runInScope(attempt, () => http.get('/hold'));
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    attempt.abort(new Error('attempt timed out'));
    expect(isCancel(await pending.catch((error: unknown) => error))).toBe(true);
  });

  it("keeps the config's own signal", async () => {
    const own = new AbortController();
    const response = await runInScope(new Attempt('payments', 1, clock.now() + 2_000), () =>
      http.get('/charges', { signal: own.signal }),
    );
    expect(response.config.signal).toBe(own.signal);
  });

  it("replaces the caller's headers of the same names: ours come from the same scope", async () => {
    await runWithDeadline(clock.now() + 500, () =>
      http.get('/charges', { headers: { 'X-Request-Timeout-Ms': '60000', 'x-request-deadline': '1' } }),
    );
    expect(deadlineHeadersOf(received[0])).toEqual({
      deadline: String(clock.epochNow() + 500),
      timeoutMs: '500',
    });
  });

  it('rejects a call whose budget is spent with DeadlineExceededError, and sends nothing', async () => {
    const deadlineAt = clock.now() + 1_000;
    clock.advance(1_000);
    const error = await runWithDeadline(deadlineAt, () => http.post('/charges', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({ policy: new URL(baseURL).host, deadlineAt });
    expect(received).toHaveLength(0);
  });

  it("names the attempt's policy in the error of a spent attempt", async () => {
    const attempt = new Attempt('payments', 3, clock.now());
    await expect(runInScope(attempt, () => http.get('/charges'))).rejects.toMatchObject({
      name: 'DeadlineExceededError',
      policy: 'payments',
    });
    expect(received).toHaveLength(0);
  });

  it('stops adding anything once removed', async () => {
    remove();
    const response = await runInScope(new Attempt('payments', 1, clock.now() + 2_000), () =>
      http.get('/charges'),
    );
    expect(deadlineHeadersOf(received[0])).toEqual({ deadline: undefined, timeoutMs: undefined });
    expect(response.config.signal).toBeUndefined();
  });
});

describe('useHttpServiceDeadlines', () => {
  it('makes the requests of HttpService Observables carry both headers', async () => {
    const clock = new FakeClock();
    const http = new HttpService(axios.create({ baseURL }));
    useHttpServiceDeadlines(http, { clock });
    // firstValueFrom subscribes at once, inside the scope: the request is made there.
    await runInScope(new Attempt('catalog', 1, clock.now() + 800), () =>
      firstValueFrom(http.get('/products')),
    );
    expect(deadlineHeadersOf(received[0])).toEqual({
      deadline: String(clock.epochNow() + 800),
      timeoutMs: '800',
    });
  });

  it('is removable', async () => {
    const clock = new FakeClock();
    const http = new HttpService(axios.create({ baseURL }));
    useHttpServiceDeadlines(http, { clock })();
    await runWithDeadline(clock.now() + 800, () => firstValueFrom(http.get('/products')));
    expect(deadlineHeadersOf(received[0])).toEqual({ deadline: undefined, timeoutMs: undefined });
  });
});
