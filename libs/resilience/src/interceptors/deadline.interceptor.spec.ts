import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, Observable } from 'rxjs';
import { currentDeadline, FakeClock } from '../core/index.js';
import { InvalidDeadlineError } from '../errors/invalid-deadline.error.js';
import type { DeadlineOptions } from '../module/resilience-module-options.js';
import { PolicyRegistry } from '../registry/policy-registry.js';
import { DeadlineInterceptor } from './deadline.interceptor.js';

type Headers = Record<string, string>;

// The two request shapes Nest hands an interceptor: both keep Node's lower-case header map.
const expressRequest = (headers: Headers) => ({
  headers,
  get: (name: string) => headers[name.toLowerCase()],
  app: {},
  res: {},
});
const fastifyRequest = (headers: Headers) => ({ headers, raw: { headers }, id: 'req-1', routeOptions: {} });

function httpContext(request: object): ExecutionContext {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

// RPC, WebSocket and GraphQL contexts have no HTTP request: reading one is a bug.
function nonHttpContext(type: string): ExecutionContext {
  return {
    getType: () => type,
    switchToHttp: () => {
      throw new Error(`switchToHttp() called in a ${type} context`);
    },
  } as unknown as ExecutionContext;
}

// A handler reporting the deadline it ran under.
const deadlineProbe: CallHandler<number | null> = {
  handle: () => new Observable((subscriber) => subscriber.next(currentDeadline() ?? null)),
};

describe('DeadlineInterceptor', () => {
  const clock = new FakeClock();
  const interceptor = (deadline: DeadlineOptions = { defaultBudgetMs: 3_000 }) =>
    new DeadlineInterceptor({ policies: {}, deadline }, new PolicyRegistry({ policies: {}, clock }));
  const deadlineOf = (request: object, deadline?: DeadlineOptions) =>
    firstValueFrom(interceptor(deadline).intercept(httpContext(request), deadlineProbe));
  const epoch = (ms: number) => String(clock.epochNow() + ms);

  describe.each([
    ['Express', expressRequest],
    ['Fastify', fastifyRequest],
  ])('on %s', (_platform, requestOf) => {
    it('takes X-Request-Timeout-Ms when it is the earlier', async () => {
      const request = requestOf({ 'x-request-deadline': epoch(2_000), 'x-request-timeout-ms': '800' });
      expect(await deadlineOf(request)).toBe(clock.now() + 800);
    });

    it('takes X-Request-Deadline when it is the earlier', async () => {
      const request = requestOf({ 'x-request-deadline': epoch(500), 'x-request-timeout-ms': '800' });
      expect(await deadlineOf(request)).toBe(clock.now() + 500);
    });

    it('caps either header at the default budget', async () => {
      expect(await deadlineOf(requestOf({ 'x-request-timeout-ms': '60000' }))).toBe(clock.now() + 3_000);
      expect(await deadlineOf(requestOf({ 'x-request-deadline': epoch(60_000) }))).toBe(clock.now() + 3_000);
    });

    it('gives the default budget when neither header came', async () => {
      expect(await deadlineOf(requestOf({}))).toBe(clock.now() + 3_000);
    });

    it('rejects a malformed X-Request-Timeout-Ms with InvalidDeadlineError naming it', () => {
      expect(() =>
        interceptor().intercept(httpContext(requestOf({ 'x-request-timeout-ms': 'soon' })), deadlineProbe),
      ).toThrow(new InvalidDeadlineError('x-request-timeout-ms', 'soon', { format: 'remaining' }));
    });

    it('rejects a malformed X-Request-Deadline with InvalidDeadlineError naming it', () => {
      expect(() =>
        interceptor().intercept(httpContext(requestOf({ 'x-request-deadline': '-3' })), deadlineProbe),
      ).toThrow(new InvalidDeadlineError('x-request-deadline', '-3'));
    });
  });

  it('reads the header names the options give', async () => {
    const request = fastifyRequest({ 'x-budget-ms': '250', 'x-request-timeout-ms': '10' });
    expect(await deadlineOf(request, { defaultBudgetMs: 3_000, timeoutHeader: 'X-Budget-Ms' })).toBe(
      clock.now() + 250,
    );
  });

  it.each(['rpc', 'ws', 'graphql'])(
    'passes a %s call through untouched: no request read, no deadline set',
    async (type) => {
      let handled = 0;
      const next: CallHandler<number | null> = {
        handle: () => {
          handled++;
          return deadlineProbe.handle();
        },
      };
      expect(await firstValueFrom(interceptor().intercept(nonHttpContext(type), next))).toBeNull();
      expect(handled).toBe(1);
    },
  );
});
