import { Injectable, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  AttemptTimeoutError,
  BrokenCircuitError,
  Bulkhead,
  CircuitBreaker,
  InvalidPolicyConfigError,
  PolicyRegistry,
  ResilienceModule,
  Resilient,
  Timeout,
  UnknownPolicyError,
  type ResilienceEvent,
  type ResilienceModuleOptions,
} from '../index.js';
import { FakeClock } from '../core/index.js';

const http503 = () => Object.assign(new Error('upstream 503'), { status: 503 });
const hang = () => new Promise<string>(() => {});

const policies: ResilienceModuleOptions['policies'] = {
  payments: {
    circuitBreaker: { failureThreshold: 5 },
    timeoutMs: 2_000,
    bulkhead: { maxConcurrent: 2 },
  },
  catalog: { circuitBreaker: { failureThreshold: 5 } },
};

@Injectable()
class PaymentsClient {
  @CircuitBreaker('payments')
  async charge(): Promise<string> {
    throw http503();
  }

  @Timeout('payments')
  @Bulkhead('payments')
  async slow(): Promise<string> {
    return hang();
  }
}

@Resilient('catalog')
@Injectable()
class CatalogClient {
  async fetch(): Promise<string> {
    return hang();
  }
}

async function boot(providers: Type[] = [], options: Partial<ResilienceModuleOptions> = {}) {
  const clock = new FakeClock();
  const moduleRef = await Test.createTestingModule({
    imports: [ResilienceModule.forRoot({ policies, clock, ...options })],
    providers,
  }).compile();
  await moduleRef.init();
  return { moduleRef, clock, registry: moduleRef.get(PolicyRegistry) };
}

describe('PolicyRegistry.reconfigure', () => {
  it('changes the named policy and returns what changed', async () => {
    const { registry } = await boot();
    expect(registry.reconfigure('payments', { circuitBreaker: { failureThreshold: 3 } })).toEqual([
      { path: 'circuitBreaker.failureThreshold', from: 5, to: 3 },
    ]);
  });

  it('tells subscribers with a reconfigured event', async () => {
    const { registry } = await boot();
    const seen: ResilienceEvent[] = [];
    registry.subscribe((event) => seen.push(event));
    registry.reconfigure('payments', { timeoutMs: 1_500 });
    expect(seen).toEqual([
      { type: 'reconfigured', policy: 'payments', changes: [{ path: 'timeoutMs', from: 2_000, to: 1_500 }] },
    ]);
  });

  it('throws UnknownPolicyError for a name that is not configured', async () => {
    const { registry } = await boot();
    expect(() => registry.reconfigure('nope', { timeoutMs: 1 })).toThrow(UnknownPolicyError);
  });

  it('validates the patch as the boot does, naming policy and option, and changes nothing', async () => {
    const { registry } = await boot();
    expect(() =>
      registry.reconfigure('payments', { timeoutMs: 1_000, bulkhead: { maxConcurrent: 0 } }),
    ).toThrow(
      new InvalidPolicyConfigError('payments', 'bulkhead.maxConcurrent', 'must be an integer >= 1, got 0'),
    );
    expect(registry.get('payments').timeoutMs).toBe(2_000);
  });

  it('reaches methods decorated at boot: a lowered threshold opens the breaker sooner', async () => {
    const { moduleRef, registry } = await boot([PaymentsClient]);
    const client = moduleRef.get(PaymentsClient);
    registry.reconfigure('payments', { circuitBreaker: { failureThreshold: 1 } });
    await expect(client.charge()).rejects.toThrow('upstream 503');
    await expect(client.charge()).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  it('reaches methods decorated at boot: a shorter timeout ends their next attempts sooner', async () => {
    const { moduleRef, registry, clock } = await boot([PaymentsClient]);
    registry.reconfigure('payments', { timeoutMs: 100 });
    const call = moduleRef
      .get(PaymentsClient)
      .slow()
      .catch((error: unknown) => error);
    await clock.advanceAsync(100);
    expect(await call).toBeInstanceOf(AttemptTimeoutError);
  });

  it('gives a @Resilient class a timeout added at runtime to a policy that had none', async () => {
    const { moduleRef, registry, clock } = await boot([CatalogClient]);
    registry.reconfigure('catalog', { timeoutMs: 100 });
    const call = moduleRef
      .get(CatalogClient)
      .fetch()
      .catch((error: unknown) => error);
    await clock.advanceAsync(100);
    expect(await call).toBeInstanceOf(AttemptTimeoutError);
  });

  it('names the option, not the env variable that set it at boot, when a runtime value is invalid', async () => {
    const { registry } = await boot([], { env: { RESILIENCE_PAYMENTS_TIMEOUT_MS: '1500' } });
    expect(() => registry.reconfigure('payments', { timeoutMs: 0 })).toThrow(
      'Policy "payments": timeoutMs must be a finite number > 0, got 0.',
    );
  });
});
