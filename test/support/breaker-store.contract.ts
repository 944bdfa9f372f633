import {
  CircuitBreakerPolicy,
  REJECTED,
  type BreakerStore,
  type CircuitBreakerOptions,
  type Clock,
} from '@carta/resilience/core';

/** How the contract drives one store: its breakers, its time and its background work. */
export interface BreakerStoreHarness {
  store: BreakerStore;
  /** The clock breakers run on (a FakeClock for the memory store, the system clock for Redis). */
  clock?: Clock;
  /** Lets `ms` pass on that clock. */
  wait(ms: number): Promise<void>;
}

const http503 = (): Error => Object.assign(new Error('HTTP 503'), { status: 503 });
let names = 0;

/**
 * The behaviour every BreakerStore gives one breaker per policy name, as the local breaker
 * has it: run against MemoryBreakerStore and RedisBreakerStore.
 */
export function describeBreakerStoreContract(title: string, harness: () => BreakerStoreHarness): void {
  describe(`${title} (breaker store contract)`, () => {
    function breaker(options: CircuitBreakerOptions): CircuitBreakerPolicy {
      const { store, clock } = harness();
      return new CircuitBreakerPolicy(`contract-${process.pid}-${++names}`, options, {
        breakerStore: store,
        clock,
      });
    }
    const settle = (): Promise<void> => harness().store.settled();

    async function call(b: CircuitBreakerPolicy, fails: boolean): Promise<void> {
      const ticket = b.tryAcquire();
      expect(ticket).not.toBe(REJECTED);
      if (fails) b.onFailure(ticket, http503());
      else b.onSuccess(ticket);
      await settle();
    }

    // A store may lease a probe in the background: retry a rejected acquire after it settles.
    async function acquireProbes(b: CircuitBreakerPolicy, attempts: number): Promise<number[]> {
      const tickets: number[] = [];
      for (let i = 0; i < attempts; i++) {
        const ticket = b.tryAcquire();
        if (ticket === REJECTED) await settle();
        else tickets.push(ticket);
      }
      return tickets;
    }

    async function openAndWait(b: CircuitBreakerPolicy, resetTimeoutMs: number): Promise<void> {
      b.transitionTo('open');
      await settle();
      await harness().wait(resetTimeoutMs + 50);
    }

    it('opens after failureThreshold consecutive failures and then rejects', async () => {
      const b = breaker({ failureThreshold: 3 });
      for (let i = 0; i < 3; i++) await call(b, true);
      expect(b.state).toBe('open');
      expect(b.tryAcquire()).toBe(REJECTED);
    });

    it('a success resets the consecutive count', async () => {
      const b = breaker({ failureThreshold: 3 });
      for (const fails of [true, true, false, true, true]) await call(b, fails);
      expect(b.state).toBe('closed');
      expect(b.consecutiveFailures).toBe(2);
    });

    it.each(['count', 'time'] as const)(
      'opens on the failure rate of a %s window once it holds minimumCalls',
      async (type) => {
        const b = breaker({
          failureThreshold: 100,
          failureRateThreshold: 50,
          slidingWindow: { type, size: type === 'count' ? 4 : 10, minimumCalls: 4 },
        });
        for (const fails of [false, true, false]) await call(b, fails);
        expect(b.state).toBe('closed');
        await call(b, true);
        expect(b.state).toBe('open');
      },
    );

    it('half-open admits exactly halfOpenMaxCalls probes', async () => {
      const b = breaker({ resetTimeoutMs: 200, halfOpenMaxCalls: 2 });
      await openAndWait(b, 200);
      expect(await acquireProbes(b, 8)).toHaveLength(2);
      expect(b.state).toBe('half_open');
    });

    it('a successful probe closes it', async () => {
      const b = breaker({ resetTimeoutMs: 200 });
      await openAndWait(b, 200);
      const [probe] = await acquireProbes(b, 4);
      b.onSuccess(probe);
      await settle();
      expect(b.state).toBe('closed');
    });

    it('a failed probe opens it again', async () => {
      const b = breaker({ resetTimeoutMs: 200 });
      await openAndWait(b, 200);
      const [probe] = await acquireProbes(b, 4);
      b.onFailure(probe, http503());
      await settle();
      expect(b.state).toBe('open');
      expect(b.tryAcquire()).toBe(REJECTED);
    });

    it('forced_open rejects until an operator closes it; closed starts counting afresh', async () => {
      const b = breaker({ failureThreshold: 2, resetTimeoutMs: 100 });
      await call(b, true);
      b.transitionTo('forced_open');
      await settle();
      await harness().wait(150);
      expect(b.tryAcquire()).toBe(REJECTED);
      expect(b.state).toBe('forced_open');
      b.transitionTo('closed');
      await settle();
      await call(b, true);
      expect(b.state).toBe('closed');
      expect(b.consecutiveFailures).toBe(1);
    });

    it('disabled admits every call and no failure opens it', async () => {
      const b = breaker({ failureThreshold: 2 });
      b.transitionTo('disabled');
      await settle();
      for (let i = 0; i < 4; i++) await call(b, true);
      expect(b.state).toBe('disabled');
    });

    it('a reconfigured failureThreshold applies to the next failures', async () => {
      const b = breaker({ failureThreshold: 5 });
      b.reconfigure({ failureThreshold: 2 });
      await settle();
      for (let i = 0; i < 2; i++) await call(b, true);
      expect(b.state).toBe('open');
    });
  });
}
