import { jest } from '@jest/globals';
import {
  Controller,
  Get,
  Injectable,
  Scope,
  SetMetadata,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  AttemptTimeoutError,
  BrokenCircuitError,
  Bulkhead,
  CircuitBreaker,
  Fallback,
  FallbackFailedError,
  PolicyRegistry,
  ResilienceInterceptor,
  Resilient,
  ResilienceModule,
  Retry,
  Timeout,
  currentAttempt,
  currentDeadline,
  runWithDeadline,
  type ResilienceModuleOptions,
} from '../index.js';
import { FakeClock } from '../core/index.js';

const http503 = () => Object.assign(new Error('upstream 503'), { status: 503 });

const policies: ResilienceModuleOptions['policies'] = {
  payments: {
    circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 10_000 },
    retry: { maxAttempts: 3, backoff: 'constant', baseDelayMs: 0 },
    timeoutMs: 2_000,
    bulkhead: { maxConcurrent: 2 },
  },
  catalog: { circuitBreaker: {}, timeoutMs: 1_000 },
};

async function boot(providers: Type[], options: Partial<ResilienceModuleOptions> = {}) {
  const clock = new FakeClock();
  const moduleRef = await Test.createTestingModule({
    imports: [ResilienceModule.forRoot({ policies, clock, ...options })],
    providers: providers as never[],
  }).compile();
  await moduleRef.init();
  return { moduleRef, clock, registry: moduleRef.get(PolicyRegistry) };
}

const Tag = (value: string) => SetMetadata('test:tag', value);

@Injectable()
class PaymentsClient {
  calls = 0;
  fail = true;

  @Tag('kept')
  @Retry('payments')
  @CircuitBreaker('payments')
  async charge(amount: number): Promise<string> {
    this.calls++;
    if (this.fail) throw http503();
    return `charged ${amount}`;
  }

  @CircuitBreaker('payments')
  @Fallback('chargeLater')
  async chargeOrQueue(_amount: number): Promise<string> {
    this.calls++;
    throw http503();
  }

  async chargeLater(amount: number, error: unknown): Promise<string> {
    return `queued ${amount} after ${(error as Error).name}`;
  }
}

describe('ResilienceModule', () => {
  it('wraps a decorated provider method: the breaker opens and later calls never reach it', async () => {
    const { moduleRef } = await boot([PaymentsClient]);
    const client = moduleRef.get(PaymentsClient);
    for (let i = 0; i < 5; i++) await expect(client.charge(10)).rejects.toThrow('upstream 503');
    const before = client.calls;
    await expect(client.charge(10)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(client.calls).toBe(before);
  });

  it('applies the fixed order whatever the decorator order: retries run inside the breaker', async () => {
    const { moduleRef, registry } = await boot([PaymentsClient]);
    const client = moduleRef.get(PaymentsClient);
    await expect(client.charge(10)).rejects.toThrow('upstream 503');
    expect(client.calls).toBe(3);
    expect(registry.get('payments').breaker!.snapshot().consecutiveFailures).toBe(1);
  });

  it("keeps the original method's name and reflect-metadata", async () => {
    const { moduleRef } = await boot([PaymentsClient]);
    const client = moduleRef.get(PaymentsClient);
    expect(client.charge.name).toBe('charge');
    expect(Reflect.getMetadata('test:tag', client.charge)).toBe('kept');
    expect(client.charge).not.toBe(PaymentsClient.prototype.charge);
  });

  it('calls the fallback with the original arguments plus the error', async () => {
    const { moduleRef, registry } = await boot([PaymentsClient]);
    registry.setBreakerState('payments', 'forced_open');
    await expect(moduleRef.get(PaymentsClient).chargeOrQueue(42)).resolves.toBe(
      'queued 42 after BrokenCircuitError',
    );
  });

  it('surfaces a failing fallback as the original error wrapped', async () => {
    @Injectable()
    class Broken {
      @CircuitBreaker('payments')
      @Fallback('alsoBroken')
      async call(): Promise<string> {
        return 'unreachable';
      }
      async alsoBroken(): Promise<string> {
        throw new Error('cache down');
      }
    }
    const { moduleRef, registry } = await boot([Broken]);
    registry.setBreakerState('payments', 'forced_open');
    const error = await moduleRef
      .get(Broken)
      .call()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FallbackFailedError);
    expect((error as FallbackFailedError).cause).toBeInstanceOf(BrokenCircuitError);
    expect(((error as FallbackFailedError).fallbackError as Error).message).toBe('cache down');
  });

  it('gives the method its attempt AbortSignal and aborts it on timeout', async () => {
    const seen: AbortSignal[] = [];
    @Injectable()
    class Slow {
      @Timeout(100)
      async hang(): Promise<void> {
        seen.push(currentAttempt()!.signal);
        await new Promise(() => undefined);
      }
    }
    const { moduleRef, clock } = await boot([Slow]);
    const pending = moduleRef.get(Slow).hang();
    const outcome = pending.catch((e: unknown) => e);
    await clock.advanceAsync(100);
    expect(await outcome).toBeInstanceOf(AttemptTimeoutError);
    expect(seen[0].aborted).toBe(true);
  });

  it('propagates the request deadline into nested calls, shortened by the attempt timeout', async () => {
    @Injectable()
    class Nested {
      @Timeout('catalog')
      async inner(): Promise<number | undefined> {
        return currentDeadline();
      }
    }
    const { moduleRef, clock } = await boot([Nested]);
    const start = clock.now();
    await expect(runWithDeadline(start + 5_000, () => moduleRef.get(Nested).inner())).resolves.toBe(
      start + 1_000,
    );
    await expect(runWithDeadline(start + 500, () => moduleRef.get(Nested).inner())).resolves.toBe(
      start + 500,
    );
  });

  it('applies @Resilient to every async method but not to sync ones, hooks or fallbacks', async () => {
    @Resilient('payments')
    @Injectable()
    class Whole implements OnModuleInit {
      inits = 0;
      async onModuleInit(): Promise<void> {
        this.inits++;
      }
      async fetch(): Promise<string> {
        throw http503();
      }
      sync(): number {
        return 1;
      }
      @Fallback('fetchFromCache')
      async fetchOrCache(): Promise<string> {
        throw http503();
      }
      async fetchFromCache(): Promise<string> {
        throw http503();
      }
    }
    const { moduleRef, registry } = await boot([Whole]);
    const whole = moduleRef.get(Whole);
    expect(whole.sync()).toBe(1);
    expect(whole.fetchFromCache).toBe(Whole.prototype.fetchFromCache);
    expect(whole.onModuleInit).toBe(Whole.prototype.onModuleInit);
    await expect(whole.fetch()).rejects.toThrow('upstream 503');
    expect(registry.get('payments').breaker!.snapshot().consecutiveFailures).toBe(1);
  });

  it('applies @Resilient to a provider built by a factory', async () => {
    @Resilient('payments')
    @Injectable()
    class Built {
      async fetch(): Promise<string> {
        throw http503();
      }
    }
    const { moduleRef, registry } = await boot([{ provide: Built, useFactory: () => new Built() } as never]);
    await expect(moduleRef.get(Built).fetch()).rejects.toThrow('upstream 503');
    expect(registry.get('payments').breaker!.snapshot().consecutiveFailures).toBe(1);
  });

  it('@Resilient wraps only the methods its class declares, so a call through an inherited helper counts once', async () => {
    class HttpBase {
      sends = 0;
      async send(): Promise<string> {
        this.sends++;
        throw http503();
      }
    }
    @Resilient('payments')
    @Injectable()
    class Client extends HttpBase {
      async list(): Promise<string> {
        return this.send();
      }
    }
    const { moduleRef, registry } = await boot([Client]);
    const client = moduleRef.get(Client);
    expect(client.send).toBe(HttpBase.prototype.send);
    await expect(client.list()).rejects.toThrow('upstream 503');
    expect(client.sends).toBe(3); // one pipeline: 3 attempts, not 3 x 3
    expect(registry.get('payments').breaker!.snapshot().consecutiveFailures).toBe(1);
  });

  it('shares one bulkhead per policy name across methods and classes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    @Injectable()
    class A {
      @Bulkhead('payments')
      async hold(): Promise<void> {
        await gate;
      }
    }
    @Injectable()
    class B {
      @Bulkhead('payments')
      async other(): Promise<string> {
        return 'ran';
      }
    }
    const { moduleRef } = await boot([A, B]);
    const held = [moduleRef.get(A).hold(), moduleRef.get(A).hold()];
    await expect(moduleRef.get(B).other()).rejects.toMatchObject({
      name: 'BulkheadRejectedError',
      active: 2,
    });
    release();
    await Promise.all(held);
    await expect(moduleRef.get(B).other()).resolves.toBe('ran');
  });

  it('runs calls through a named policy programmatically', async () => {
    const { registry } = await boot([]);
    const fn = jest.fn(async ({ attempt }: { attempt: number }) =>
      attempt < 2 ? Promise.reject(http503()) : 'ok',
    );
    await expect(registry.get('payments').execute(fn)).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('is configured asynchronously through forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ResilienceModule.forRootAsync({ useFactory: async () => ({ policies }) })],
    }).compile();
    expect(moduleRef.get(PolicyRegistry).names()).toEqual(['payments', 'catalog']);
  });

  describe('fails at boot, naming Class#method', () => {
    async function bootError(provider: Type): Promise<string> {
      return boot([provider]).then(
        () => 'booted',
        (error: Error) => error.message,
      );
    }

    it('for an unknown policy name', async () => {
      @Injectable()
      class Typo {
        @CircuitBreaker('paymnets')
        async charge(): Promise<void> {}
      }
      expect(await bootError(Typo)).toBe(
        'Typo#charge: @CircuitBreaker(\'paymnets\') names policy "paymnets", which is not configured (configured: payments, catalog).',
      );
    });

    it('for an inline @Timeout(0), which would time every call out at once', async () => {
      @Injectable()
      class Instant {
        @Timeout(0)
        async charge(): Promise<void> {}
      }
      expect(await bootError(Instant)).toBe(
        'Instant#charge: @Timeout(0) must be a number of milliseconds > 0 (leave @Timeout off for no timeout).',
      );
    });

    it('for a policy that lacks the decorated part', async () => {
      @Injectable()
      class NoPool {
        @Bulkhead('catalog')
        async list(): Promise<void> {}
      }
      expect(await bootError(NoPool)).toContain(
        'NoPool#list: @Bulkhead uses policy "catalog", which configures no bulkhead',
      );
    });

    it('for a method that does not return a Promise', async () => {
      @Injectable()
      class Sync {
        // @ts-expect-error: the decorators are typed to fit Promise-returning methods only
        @Timeout(10)
        compute(): number {
          return 1;
        }
      }
      expect(await bootError(Sync)).toContain(
        'Sync#compute: resilience decorators fit only methods that return a Promise',
      );
    });

    it('for a request-scoped provider', async () => {
      @Injectable({ scope: Scope.REQUEST })
      class PerRequest {
        @CircuitBreaker('payments')
        async charge(): Promise<void> {}
      }
      expect(await bootError(PerRequest)).toContain(
        'PerRequest#charge: resilience decorators need a singleton provider',
      );
    });

    it('for a decorated controller route that ResilienceInterceptor is not bound to', async () => {
      @Controller('reports')
      class Unwired {
        @Timeout(100)
        @Get()
        async list(): Promise<string[]> {
          return [];
        }
      }
      const booting = Test.createTestingModule({
        imports: [ResilienceModule.forRoot({ policies })],
        controllers: [Unwired],
      })
        .compile()
        .then((moduleRef) => moduleRef.init());
      await expect(booting).rejects.toThrow(
        'Unwired#list: resilience decorators on a controller route need ResilienceInterceptor, which is not bound to it. Add @UseInterceptors(ResilienceInterceptor)',
      );
    });

    it('for a request-scoped controller whose route wears a decorator', async () => {
      @Controller({ path: 'orders', scope: Scope.REQUEST })
      class PerRequestRoutes {
        @Timeout(100)
        @Get()
        async list(): Promise<string[]> {
          return [];
        }
      }
      const booting = Test.createTestingModule({
        imports: [ResilienceModule.forRoot({ policies })],
        controllers: [PerRequestRoutes],
      })
        .compile()
        .then((moduleRef) => moduleRef.init());
      await expect(booting).rejects.toThrow(
        'PerRequestRoutes#list: resilience decorators need a singleton provider',
      );
    });

    it('for a fallback that names no method', async () => {
      @Injectable()
      class Dangling {
        @Fallback('nowhere')
        async call(): Promise<void> {}
      }
      expect(await bootError(Dangling)).toBe(
        "Dangling#call: @Fallback('nowhere') names no method of the class.",
      );
    });

    it('for a provider built by a factory, naming its class', async () => {
      @Injectable()
      class Built {
        @CircuitBreaker('paymnets')
        async charge(): Promise<void> {}
      }
      const message = await boot([{ provide: 'BUILT', useFactory: () => new Built() } as never]).then(
        () => 'booted',
        (error: Error) => error.message,
      );
      expect(message).toContain('Built#charge: @CircuitBreaker(\'paymnets\') names policy "paymnets"');
    });
  });
});

describe('ResilienceInterceptor binding of decorated routes', () => {
  @Controller('reports')
  class Reports {
    @Timeout(100)
    @Get()
    async list(): Promise<string[]> {
      return [];
    }
  }

  async function bootWith(wiring: { appInterceptor?: boolean; useGlobal?: boolean }): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ policies })],
      controllers: [Reports],
      providers: wiring.appInterceptor ? [{ provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor }] : [],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    if (wiring.useGlobal) app.useGlobalInterceptors(app.get(ResilienceInterceptor));
    await app.init();
    await app.close();
  }

  it('boots when the interceptor is registered as APP_INTERCEPTOR', async () => {
    await expect(bootWith({ appInterceptor: true })).resolves.toBeUndefined();
  });

  it('boots when the interceptor is bound with app.useGlobalInterceptors', async () => {
    await expect(bootWith({ useGlobal: true })).resolves.toBeUndefined();
  });

  it('fails the boot without any binding', async () => {
    await expect(bootWith({})).rejects.toThrow('Reports#list: resilience decorators on a controller route');
  });
});

describe('ResilienceModule env overrides', () => {
  it('applies RESILIENCE_<POLICY>_<OPTION> variables from the env option at boot', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({ policies, env: { RESILIENCE_PAYMENTS_BULKHEAD_MAX_CONCURRENT: '7' } }),
      ],
    }).compile();
    expect(moduleRef.get(PolicyRegistry).get('payments').bulkhead!.maxConcurrent).toBe(7);
  });

  it('fails at boot on an out-of-range override, naming the variable that set it', async () => {
    const compiling = Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ policies, env: { RESILIENCE_PAYMENTS_TIMEOUT_MS: '-1' } })],
    }).compile();
    await expect(compiling).rejects.toThrow(
      'Policy "payments": timeoutMs must be a finite number > 0, got -1 (set by RESILIENCE_PAYMENTS_TIMEOUT_MS).',
    );
  });

  it('refuses timeoutMs 0 from the env at boot rather than timing every call out at once', async () => {
    const compiling = Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ policies, env: { RESILIENCE_PAYMENTS_TIMEOUT_MS: '0' } })],
    }).compile();
    await expect(compiling).rejects.toThrow(
      'Policy "payments": timeoutMs must be a finite number > 0, got 0 (set by RESILIENCE_PAYMENTS_TIMEOUT_MS).',
    );
  });

  it('gives RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS to payments alone when payments-retry is configured too', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          policies: { payments: { retry: {} }, 'payments-retry': { retry: {}, timeoutMs: 1_000 } },
          env: { RESILIENCE_PAYMENTS_RETRY_MAX_ATTEMPTS: '5', RESILIENCE_PAYMENTS_RETRY_TIMEOUT_MS: '700' },
        }),
      ],
    }).compile();
    const registry = moduleRef.get(PolicyRegistry);
    expect(registry.get('payments').retry!.maxAttempts).toBe(5);
    expect(registry.get('payments-retry').retry!.maxAttempts).toBe(3);
    expect(registry.get('payments-retry').timeoutMs).toBe(700);
  });
});
