import { FakeClock } from '@carta/resilience/core';
import { MemorySharedBucketStore } from './memory-shared-bucket.store.js';
import { RateLimitSync } from './rate-limit.sync.js';
import { RateLimiter } from './rate-limiter.js';
import type { BucketSpend, SettledSpends, SharedBucketStore } from './shared-bucket.store.js';

const SYNC_MS = 100;
const LIMITS = { burst: 10, perSecond: 1 };
const TIERS = { anonymous: LIMITS, keyed: { burst: 100, perSecond: 10 } };

interface Replica {
  limiter: RateLimiter;
  sync: RateLimitSync;
  warnings: string[];
  lines: string[];
}

function replicaOf(clock: FakeClock, store: SharedBucketStore, name: string): Replica {
  const limiter = new RateLimiter({ tiers: TIERS, clock });
  const warnings: string[] = [];
  const lines: string[] = [];
  const logger = { warn: (m: string) => void warnings.push(m), log: (m: string) => void lines.push(m) };
  const sync = new RateLimitSync({ limiter, store, clock, intervalMs: SYNC_MS, logger, replica: name });
  return { limiter, sync, warnings, lines };
}

/** Two replicas on one store that both settled once: each knows the fleet is two. */
async function fleetOfTwo(store?: SharedBucketStore) {
  const clock = new FakeClock(0);
  const shared = store ?? new MemorySharedBucketStore({ clock });
  const a = replicaOf(clock, shared, 'a');
  const b = replicaOf(clock, shared, 'b');
  a.sync.start();
  b.sync.start();
  await clock.advanceAsync(SYNC_MS);
  await clock.advanceAsync(SYNC_MS);
  return { clock, a, b };
}

const admitted = (replica: Replica, requests: number, client = '10.0.0.1'): number => {
  let count = 0;
  for (let i = 0; i < requests; i++) if (replica.limiter.take('anonymous', client).allowed) count++;
  return count;
};

describe('RateLimitSync', () => {
  it('gives a client only one replica serves the whole burst within two syncs', async () => {
    const { clock, a } = await fleetOfTwo();
    expect(admitted(a, 20)).toBe(5); // new here: 1 / 2 replicas of the burst
    await clock.advanceAsync(SYNC_MS); // a first settlement only ever lowers a share
    expect(admitted(a, 20)).toBe(0);
    await clock.advanceAsync(SYNC_MS); // the store counts one replica serving it: the rest is a's
    expect(admitted(a, 20)).toBe(5);
  });

  it('shares one count: requests alternating over two replicas get no more between them than one exact bucket', async () => {
    const { clock, a, b } = await fleetOfTwo();
    let total = 0;
    for (let i = 0; i < 100; i++) {
      total += admitted(i % 2 === 0 ? a : b, 1);
      await clock.advanceAsync(10);
    }
    // 1 s of requests at 1 token/s: one exact bucket admits 11 (two unshared ones, 22).
    expect(total).toBeGreaterThanOrEqual(LIMITS.burst);
    expect(total).toBeLessThanOrEqual(LIMITS.burst + LIMITS.perSecond * 1);
  });

  it('lets a client that spent its burst on one replica take at most 1 / N on another, then charges that as a debt', async () => {
    const { clock, a, b } = await fleetOfTwo();
    admitted(a, 5);
    await clock.advanceAsync(2 * SYNC_MS);
    admitted(a, 5);
    await clock.advanceAsync(2 * SYNC_MS);
    expect(admitted(a, 1)).toBe(0);
    expect(admitted(b, 20)).toBe(5); // b never saw the client: its share of a full bucket
    await clock.advanceAsync(2 * SYNC_MS);
    // The fleet spent 15 of a 10-token bucket: 5 in debt, refilled at 1/s before anyone admits.
    expect(admitted(a, 1) + admitted(b, 1)).toBe(0);
    await clock.advanceAsync(4_000);
    expect(admitted(a, 1) + admitted(b, 1)).toBe(0);
    await clock.advanceAsync(4_000);
    expect(admitted(a, 1) + admitted(b, 1)).toBeGreaterThan(0);
  });

  it('keeps limiting from its last share while the store fails, and says so once per outage', async () => {
    const clock = new FakeClock(0);
    const memory = new MemorySharedBucketStore({ clock });
    let failing = false;
    const store: SharedBucketStore = {
      settle: (replica: string, spends: readonly BucketSpend[]) =>
        failing ? Promise.reject(new Error('Connection is closed.')) : memory.settle(replica, spends),
    };
    const a = replicaOf(clock, store, 'a');
    a.sync.start();
    await clock.advanceAsync(SYNC_MS);
    failing = true;
    expect(admitted(a, 20)).toBe(10);
    await clock.advanceAsync(5 * SYNC_MS);
    expect(admitted(a, 20)).toBe(0);
    expect(a.sync.shared).toBe(false);
    expect(a.warnings).toEqual([expect.stringContaining('Connection is closed.')]);
    failing = false;
    await clock.advanceAsync(SYNC_MS);
    expect(a.sync.shared).toBe(true);
    expect(a.lines).toEqual([expect.stringContaining('again')]);
  });

  it('skips an interval while the last settlement is still out, so a slow store never piles calls up', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    let answer: (settled: SettledSpends) => void = () => undefined;
    const store: SharedBucketStore = {
      settle: () => {
        calls++;
        return new Promise((resolve) => (answer = resolve));
      },
    };
    const a = replicaOf(clock, store, 'a');
    a.sync.start();
    await clock.advanceAsync(10 * SYNC_MS);
    expect(calls).toBe(1);
    answer({ replicas: 1, buckets: [] });
    await clock.advanceAsync(SYNC_MS);
    expect(calls).toBe(2);
    answer({ replicas: 1, buckets: [] });
    await a.sync.stop();
  });

  it('settles nothing more once stopped', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const store: SharedBucketStore = {
      settle: () => {
        calls++;
        return Promise.resolve({ replicas: 1, buckets: [] });
      },
    };
    const a = replicaOf(clock, store, 'a');
    a.sync.start();
    await clock.advanceAsync(SYNC_MS);
    await a.sync.stop();
    await clock.advanceAsync(10 * SYNC_MS);
    expect(calls).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('evicts idle clients as it syncs, so memory holds only clients seen lately', async () => {
    const { clock, a } = await fleetOfTwo();
    for (let i = 0; i < 50; i++) a.limiter.take('anonymous', `10.0.1.${i}`);
    expect(a.limiter.clients).toBe(50);
    await clock.advanceAsync(5_000);
    expect(a.limiter.clients).toBe(0);
  });
});
