import { Controller, Get, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthCheck, HealthCheckService, TerminusModule, type HealthCheckResult } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { FakeClock, REJECTED } from '../core/index.js';
import { PolicyRegistry, ResilienceModule, UnknownPolicyError } from '../index.js';
import { ResilienceHealthIndicator } from './resilience-health.indicator.js';
import { ResilienceHealthModule } from './resilience-health.module.js';

const START = Date.UTC(2026, 0, 1);
const policies = {
  payments: { circuitBreaker: { resetTimeoutMs: 30_000 }, bulkhead: { maxConcurrent: 20 } },
  catalog: { circuitBreaker: {} },
};

async function boot(): Promise<{ moduleRef: TestingModule; registry: PolicyRegistry }> {
  const moduleRef = await Test.createTestingModule({
    imports: [ResilienceModule.forRoot({ policies, clock: new FakeClock(START) }), ResilienceHealthModule],
  }).compile();
  await moduleRef.init();
  return { moduleRef, registry: moduleRef.get(PolicyRegistry) };
}

describe('ResilienceHealthIndicator', () => {
  let moduleRef: TestingModule;
  let registry: PolicyRegistry;
  let indicator: ResilienceHealthIndicator;

  beforeEach(async () => {
    ({ moduleRef, registry } = await boot());
    indicator = moduleRef.get(ResilienceHealthIndicator);
  });

  afterEach(() => moduleRef.close());

  it('is up under its default key while every breaker is closed, with each policy reported', () => {
    expect(indicator.isHealthy()).toEqual({
      resilience: {
        status: 'up',
        dependencies: {
          payments: expect.objectContaining({ status: 'up', state: 'closed', bulkhead: expect.anything() }),
          catalog: expect.objectContaining({ status: 'up', state: 'closed', bulkhead: null }),
        },
      },
    });
  });

  it('is down under the key given when a breaker is open, with its open-since and next probe', () => {
    registry.setBreakerState('payments', 'open');
    expect(indicator.isHealthy('breakers')).toEqual({
      breakers: {
        status: 'down',
        dependencies: expect.objectContaining({
          payments: expect.objectContaining({
            status: 'down',
            state: 'open',
            openSince: '2026-01-01T00:00:00.000Z',
            nextProbeAt: '2026-01-01T00:00:30.000Z',
          }),
        }),
      },
    });
  });

  it('reports only the policies named, so an open breaker elsewhere leaves it up', () => {
    registry.setBreakerState('payments', 'forced_open');
    const result = indicator.isHealthy('catalog', { policies: ['catalog'] });
    expect(result.catalog.status).toBe('up');
    expect(Object.keys(result.catalog.dependencies as object)).toEqual(['catalog']);
  });

  it('throws UnknownPolicyError for a policy name that is not configured', () => {
    expect(() => indicator.view({ policies: ['ledger'] })).toThrow(UnknownPolicyError);
  });

  it('gives the plain view, degraded while a breaker keeps calls away', () => {
    registry.setBreakerState('catalog', 'forced_open');
    expect(indicator.view()).toMatchObject({
      status: 'degraded',
      dependencies: { catalog: { status: 'down', state: 'forced_open' }, payments: { status: 'up' } },
    });
  });

  it('takes no probe slot by reporting: a half-open breaker still admits its one probe afterwards', () => {
    registry.setBreakerState('payments', 'half_open');
    indicator.isHealthy();
    indicator.view();
    expect(registry.get('payments').breaker!.tryAcquire()).not.toBe(REJECTED);
  });
});

@Controller('health')
class ReadinessController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly resilience: ResilienceHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.resilience.isHealthy('payments', { policies: ['payments'] })]);
  }
}

@Module({
  imports: [ResilienceModule.forRoot({ policies }), TerminusModule, ResilienceHealthModule],
  controllers: [ReadinessController],
})
class ReadinessModule {}

describe('ResilienceHealthIndicator in a terminus health check over HTTP', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = (await Test.createTestingModule({ imports: [ReadinessModule] }).compile()).createNestApplication(
      new FastifyAdapter(),
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/health/ready`;
  });

  afterAll(() => app.close());

  it('answers 200 with the policy up while its breaker is closed', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { payments: { status: 'up' } } });
  });

  it('answers 503 with the policy down while its breaker is open', async () => {
    app.get(PolicyRegistry).setBreakerState('payments', 'open');
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'error',
      error: { payments: { status: 'down', dependencies: { payments: { state: 'open' } } } },
    });
  });
});
