import {
  Catch,
  Controller,
  Get,
  Injectable,
  UseInterceptors,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  AttemptTimeoutError,
  BrokenCircuitError,
  CircuitBreaker,
  DeadlineExceededError,
  DeadlineInterceptor,
  Fallback,
  InvalidDeadlineError,
  PolicyRegistry,
  ResilienceInterceptor,
  ResilienceModule,
  Timeout,
  currentAttempt,
  currentDeadline,
} from '../index.js';
import { FakeClock } from '../core/index.js';

// What an app's filter does: library errors to statuses, bodies as { error, message }.
@Catch()
class StatusFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const status =
      error instanceof InvalidDeadlineError
        ? 400
        : error instanceof BrokenCircuitError
          ? 503
          : error instanceof AttemptTimeoutError || error instanceof DeadlineExceededError
            ? 504
            : 500;
    host.switchToHttp().getResponse().status(status).send({ error: error.name, message: error.message });
  }
}

@Injectable()
class DeadlineProbe {
  async deadline(): Promise<number | null> {
    await Promise.resolve();
    return currentDeadline() ?? null;
  }
}

@UseInterceptors(DeadlineInterceptor, ResilienceInterceptor)
@Controller()
class ProbeController {
  failures = 0;
  constructor(private readonly probe: DeadlineProbe) {}

  @Get('deadline')
  async deadline(): Promise<{ deadlineAt: number | null }> {
    return { deadlineAt: await this.probe.deadline() };
  }

  @Get('plain')
  plain(): { ok: boolean } {
    return { ok: true };
  }

  @Timeout(30)
  @Get('hang')
  async hang(): Promise<never> {
    return new Promise(() => undefined);
  }

  @Timeout(1_000)
  @Get('attempt')
  async attempt(): Promise<{ attempt: number | null; deadlineAt: number | null }> {
    return { attempt: currentAttempt()?.attempt ?? null, deadlineAt: currentDeadline() ?? null };
  }

  @CircuitBreaker('reports')
  @Get('flaky')
  async flaky(): Promise<never> {
    this.failures++;
    throw Object.assign(new Error('report store 500'), { status: 500 });
  }

  @CircuitBreaker('reports')
  @Fallback('degraded')
  @Get('guarded')
  async guarded(): Promise<{ fresh: boolean }> {
    throw Object.assign(new Error('report store 500'), { status: 500 });
  }

  async degraded(error: unknown): Promise<{ fresh: boolean; reason: string }> {
    return { fresh: false, reason: (error as Error).name };
  }
}

describe('HTTP edge interceptors', () => {
  let app: NestFastifyApplication;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          clock,
          deadline: { defaultBudgetMs: 3_000 },
          policies: { reports: { circuitBreaker: { failureThreshold: 2 } } },
        }),
      ],
      controllers: [ProbeController],
      providers: [DeadlineProbe],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new StatusFilter());
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterEach(() => app.close());

  let base: string;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + url, { headers });
    const body = (await res.json()) as Record<string, unknown>;
    return { statusCode: res.status, json: () => body };
  };

  it('gives a request without a deadline header the default budget', async () => {
    const res = await get('/deadline');
    expect(res.json()).toEqual({ deadlineAt: clock.now() + 3_000 });
  });

  it("takes the caller's X-Request-Deadline when it is earlier than the budget", async () => {
    const res = await get('/deadline', { 'x-request-deadline': String(clock.now() + 1_000) });
    expect(res.json()).toEqual({ deadlineAt: clock.now() + 1_000 });
  });

  it('reads X-Request-Deadline as wall-clock time, so a stepped wall clock does not stretch the budget', async () => {
    clock.stepWallClock(-60_000); // the wall clock runs a minute behind the monotonic one
    const res = await get('/deadline', { 'x-request-deadline': String(clock.epochNow() + 1_000) });
    expect(res.json()).toEqual({ deadlineAt: clock.now() + 1_000 });
  });

  it('caps a later X-Request-Deadline at the default budget', async () => {
    const res = await get('/deadline', { 'x-request-deadline': String(clock.now() + 60_000) });
    expect(res.json()).toEqual({ deadlineAt: clock.now() + 3_000 });
  });

  it('rejects a malformed X-Request-Deadline with InvalidDeadlineError', async () => {
    const res = await get('/deadline', { 'x-request-deadline': 'soon' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'InvalidDeadlineError',
      message: 'The x-request-deadline header must be a deadline in epoch milliseconds; got "soon".',
    });
  });

  it('passes routes without resilience metadata straight through', async () => {
    expect((await get('/plain')).json()).toEqual({ ok: true });
  });

  it('times out a decorated route', async () => {
    const pending = get('/hang');
    // The route's pipeline runs on the fake clock: advance it once the request is in.
    while (clock.pendingTimers === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await clock.advanceAsync(30);
    const res = await pending;
    expect(res.statusCode).toBe(504);
    expect(res.json().error).toBe('AttemptTimeoutError');
  });

  it("runs a decorated route in its attempt's scope: currentAttempt() and the timeout-shortened deadline", async () => {
    const res = await get('/attempt');
    expect(res.json()).toEqual({ attempt: 1, deadlineAt: clock.now() + 1_000 });
  });

  it('opens a route breaker and then rejects without running the handler', async () => {
    const controller = app.get(ProbeController);
    expect((await get('/flaky')).statusCode).toBe(500);
    expect((await get('/flaky')).statusCode).toBe(500);
    const res = await get('/flaky');
    expect(res.statusCode).toBe(503);
    expect(controller.failures).toBe(2);
  });

  it("answers a route's failure with its fallback, called on the controller", async () => {
    app.get(PolicyRegistry).setBreakerState('reports', 'forced_open');
    const res = await get('/guarded');
    expect(res.json()).toEqual({ fresh: false, reason: 'BrokenCircuitError' });
  });
});
