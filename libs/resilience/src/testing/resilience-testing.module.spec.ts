import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Fallback, PolicyRegistry, Resilient, ResilienceModule } from '../index.js';
import { FakeClock, halfOpenCircuit, openCircuit, spendRetryBudget } from './index.js';

// What a user's spec does with @carta/resilience/testing (and what the client generator's spec
// emits): boot the module on a FakeClock, drive the policy into a state, call the provider.

const upstream503 = () => Object.assign(new Error('upstream 503'), { status: 503 });

/** The dependency: counts the calls that reach it. */
@Injectable()
class PaymentsGateway {
  calls = 0;
  fail = false;

  async charge(amount: number): Promise<string> {
    this.calls++;
    if (this.fail) throw upstream503();
    return `charged ${amount}`;
  }
}

@Resilient('payments')
@Injectable()
class PaymentsClient {
  constructor(private readonly gateway: PaymentsGateway) {}

  @Fallback('queueCharge')
  charge(amount: number): Promise<string> {
    return this.gateway.charge(amount);
  }

  async queueCharge(amount: number): Promise<string> {
    return `queued ${amount}`;
  }
}

describe('@carta/resilience/testing in a Nest testing module', () => {
  let moduleRef: TestingModule;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          clock,
          policies: {
            payments: {
              circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 30_000 },
              retry: { maxAttempts: 3, baseDelayMs: 200 },
              timeoutMs: 2_000,
            },
          },
        }),
      ],
      providers: [PaymentsGateway, PaymentsClient],
    }).compile();
    await moduleRef.init();
  });

  afterEach(() => moduleRef.close());

  const payments = () => moduleRef.get(PolicyRegistry).get('payments');

  it('answers from the fallback without calling the dependency once openCircuit opened the breaker', async () => {
    await openCircuit(payments());
    await expect(moduleRef.get(PaymentsClient).charge(42)).resolves.toBe('queued 42');
    expect(moduleRef.get(PaymentsGateway).calls).toBe(0);
  });

  it('lets the next call through to the dependency as the probe after halfOpenCircuit, and closes on its success', async () => {
    await halfOpenCircuit(payments(), clock);
    await expect(moduleRef.get(PaymentsClient).charge(42)).resolves.toBe('charged 42');
    expect(moduleRef.get(PaymentsGateway).calls).toBe(1);
    expect(payments().breaker!.state).toBe('closed');
  });

  it('calls a failing dependency once, with no retry, after spendRetryBudget, and answers from the fallback', async () => {
    await spendRetryBudget(payments());
    const gateway = moduleRef.get(PaymentsGateway);
    gateway.fail = true;
    await expect(moduleRef.get(PaymentsClient).charge(42)).resolves.toBe('queued 42');
    expect(gateway.calls).toBe(1);
  });
});
