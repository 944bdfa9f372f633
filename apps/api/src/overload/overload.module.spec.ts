import { Controller, Get, Global, Module, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { ApiConfigModule } from '../config/api-config.module.js';
import { loadApiConfig } from '../config/load-api-config.js';
import { answerWithoutBody } from '../../../../test/support/body-never-sent.js';
import { HttpErrorFilter } from '../errors/http-error.filter.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { REDIS } from '../redis/redis.module.js';
import { OverloadModule } from './overload.module.js';
import type { OverloadSignal } from './overload-signal.js';
import { ProcessOverloadSignal } from './process-overload.signal.js';
import { ShedPriority } from './shed-priority.decorator.js';

const handled = { browse: 0, checkout: 0, never: 0 };

@Controller('catalog/products')
@ShedPriority('browse')
class BrowseController {
  @Get(':sku')
  one(): { ok: true } {
    handled.browse++;
    return { ok: true };
  }
}

@Controller('checkout')
@ShedPriority('checkout')
class CheckoutController {
  @Post()
  place(): { ok: true } {
    handled.checkout++;
    return { ok: true };
  }
}

@Controller('health')
class ProbeController {
  @Get('ready')
  @ShedPriority('never')
  ready(): { ok: true } {
    handled.never++;
    return { ok: true };
  }
}

@Module({ controllers: [BrowseController, CheckoutController, ProbeController] })
class RoutesModule {}

// The in-memory bucket store needs no Redis; RateLimitModule's factory asks for the token all the same.
@Global()
@Module({ providers: [{ provide: REDIS, useValue: null }], exports: [REDIS] })
class NoRedisModule {}

/** The overload the test sets by hand, in place of the process's own. */
const signal: { -readonly [K in keyof OverloadSignal]: OverloadSignal[K] } = {
  eventLoopDelayMs: 0,
  inFlight: 1,
};

async function startApp(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  // Browsing is refused beyond 2 in flight or 50 ms of delay, checkout beyond 4 or 200 ms.
  const config = loadApiConfig({
    SHED_BROWSE_MAX_IN_FLIGHT: '2',
    SHED_CHECKOUT_MAX_IN_FLIGHT: '4',
    SHED_BROWSE_EVENT_LOOP_DELAY_MS: '50',
    SHED_CHECKOUT_EVENT_LOOP_DELAY_MS: '200',
    SHED_EVENT_LOOP_WINDOW_MS: '2000',
    // Above every test's requests but the one that spends it.
    RATE_LIMIT_STORE: 'memory',
    RATE_LIMIT_ANONYMOUS_BURST: '50',
    RATE_LIMIT_ANONYMOUS_PER_SECOND: '0.01',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ApiConfigModule.forRoot(config),
      NoRedisModule,
      // After OverloadModule on purpose: the rate limit's hook must still run first.
      OverloadModule.forConfig(config),
      RateLimitModule.forConfig(config),
      RoutesModule,
    ],
    providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
  })
    .overrideProvider(ProcessOverloadSignal)
    .useValue(signal)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** A request to `app`, with its status, Retry-After and JSON body. */
async function send(app: NestFastifyApplication, method: string, path: string) {
  const response = await fetch(`${await app.getUrl()}${path}`, { method });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as unknown,
  };
}

describe('OverloadModule', () => {
  let app: NestFastifyApplication;

  beforeEach(() => {
    Object.assign(signal, { eventLoopDelayMs: 0, inFlight: 1 });
    Object.assign(handled, { browse: 0, checkout: 0, never: 0 });
  });

  afterEach(() => app?.close());

  const statuses = async () => ({
    browse: (await send(app, 'GET', '/catalog/products/MUG-02')).status,
    checkout: (await send(app, 'POST', '/checkout')).status,
    never: (await send(app, 'GET', '/health/ready')).status,
  });

  it('serves every route while the process is within its thresholds', async () => {
    app = await startApp();
    Object.assign(signal, { eventLoopDelayMs: 50, inFlight: 2 });
    expect(await statuses()).toEqual({ browse: 200, checkout: 201, never: 200 });
  });

  it('refuses browsing first with 503 overloaded and Retry-After, before its handler runs; checkout is still served', async () => {
    app = await startApp();
    signal.inFlight = 3;
    expect(await send(app, 'GET', '/catalog/products/MUG-02')).toEqual({
      status: 503,
      retryAfter: '2',
      body: { error: 'overloaded', message: expect.stringContaining('retry in 2 s') },
    });
    expect(handled.browse).toBe(0);
    expect(await statuses()).toEqual({ browse: 503, checkout: 201, never: 200 });
  });

  it('refuses a request as soon as it is routed, before its body is read: one whose body never comes still gets its 503', async () => {
    app = await startApp();
    signal.eventLoopDelayMs = 250;
    const text = await answerWithoutBody({ baseUrl: await app.getUrl(), method: 'POST', path: '/checkout' });
    expect(text).toMatch(/^HTTP\/1\.1 503 /);
    expect(text).toContain('"error":"overloaded"');
    expect(handled.checkout).toBe(0);
  });

  it('refuses checkout too at the higher level of overload, and never a never-shed route', async () => {
    app = await startApp();
    signal.eventLoopDelayMs = 250;
    expect(await statuses()).toEqual({ browse: 503, checkout: 503, never: 200 });
    expect(handled).toEqual({ browse: 0, checkout: 0, never: 1 });
  });

  it('tells a client over its rate limit 429, its own doing, even while its route is shed', async () => {
    app = await startApp();
    for (let i = 0; i < 50; i++) await send(app, 'GET', '/catalog/products/MUG-02');
    signal.inFlight = 3; // browsing is shed now
    expect((await send(app, 'GET', '/catalog/products/MUG-02')).status).toBe(429);
  });

  it('counts each refusal in http_shed_total by route template', async () => {
    app = await startApp();
    signal.inFlight = 5;
    await statuses();
    await send(app, 'GET', '/catalog/products/CUP-01');
    const values = (await register.getSingleMetric('http_shed_total')!.get()).values;
    expect(values.map(({ labels, value }) => [labels.route, value])).toEqual(
      expect.arrayContaining([
        ['/catalog/products/:sku', 2],
        ['/checkout', 1],
      ]),
    );
    expect(values.some(({ labels }) => labels.route === '/health/ready')).toBe(false);
  });

  it('exports the readings it judges by: nodejs_eventloop_delay_seconds and http_server_requests_in_flight', async () => {
    app = await startApp();
    Object.assign(signal, { eventLoopDelayMs: 125, inFlight: 7 });
    const exposition = await register.metrics();
    expect(exposition).toContain('nodejs_eventloop_delay_seconds 0.125');
    expect(exposition).toContain('http_server_requests_in_flight 7');
  });

  it('with SHED_ENABLED=false refuses nothing, however overloaded, and still exports its readings', async () => {
    app = await startApp({ SHED_ENABLED: 'false' });
    Object.assign(signal, { eventLoopDelayMs: 10_000, inFlight: 10_000 });
    expect(await statuses()).toEqual({ browse: 200, checkout: 201, never: 200 });
    expect(await register.metrics()).toContain('nodejs_eventloop_delay_seconds 10');
  });
});
