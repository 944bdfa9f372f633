import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { systemClock } from '@carta/resilience/core';
import { Redis } from 'ioredis';
import { eventually } from '../../../../test/support/eventually.js';
import { describeSharedBucketStoreContract } from '../../../../test/support/shared-bucket-store.contract.js';
import { maxAdmitted } from './rate-limit.settings.js';
import { RateLimitSync } from './rate-limit.sync.js';
import { RateLimiter } from './rate-limiter.js';
import { RedisSharedBucketStore } from './redis-shared-bucket.store.js';

// Short, so the contract's "a replica stopped settling" waits well under a second of real time.
const ACTIVE_WINDOW_MS = 300;
const SYNC_MS = 20;
const LIMITS = { burst: 20, perSecond: 2 };

let server: EmbeddedRedis;
const clients: Redis[] = [];

const connect = (): Redis => {
  // As the api's REDIS connection fails commands while Redis is away (redis.module.ts).
  const redis = new Redis(server.url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 300,
    retryStrategy: () => 100,
  });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
};

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((redis) => redis.quit().catch(() => redis.disconnect())));
  await server.stop();
});

describeSharedBucketStoreContract('RedisSharedBucketStore', () =>
  Promise.resolve({
    store: new RedisSharedBucketStore(connect(), { activeWindowMs: ACTIVE_WINDOW_MS }),
    activeWindowMs: ACTIVE_WINDOW_MS,
    elapse: async (ms) => {
      const started = performance.now();
      await sleep(ms);
      return performance.now() - started;
    },
  }),
);

/** A replica's limiter and sync, each on its own connection to the one Redis. */
function replica(name: string, limits = LIMITS) {
  const limiter = new RateLimiter({ tiers: { anonymous: limits, keyed: limits }, clock: systemClock });
  const warnings: string[] = [];
  const lines: string[] = [];
  const sync = new RateLimitSync({
    limiter,
    store: new RedisSharedBucketStore(connect(), { keyPrefix: `test:${name.split('-')[0]}:` }),
    clock: systemClock,
    intervalMs: SYNC_MS,
    logger: { warn: (m) => void warnings.push(m), log: (m) => void lines.push(m) },
    replica: name,
  });
  sync.start();
  return { limiter, sync, warnings, lines };
}

describe('RateLimiter replicas sharing buckets through Redis', () => {
  const started: ReturnType<typeof replica>[] = [];
  const fleet = (prefix: string, size: number, limits = LIMITS) => {
    const made = Array.from({ length: size }, (_, i) => replica(`${prefix}-${i + 1}`, limits));
    started.push(...made);
    return made;
  };
  const admitted = (r: ReturnType<typeof replica>, client: string): number =>
    r.limiter.take('anonymous', client).allowed ? 1 : 0;

  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.sync.stop()));
  });

  it("share one count: a client's requests alternating over two limiters get one burst between them, within the bound", async () => {
    const [a, b] = fleet('alternate', 2);
    await sleep(5 * SYNC_MS); // each has settled: the fleet is two
    const begun = performance.now();
    let total = 0;
    for (let i = 0; i < 200; i++) {
      total += admitted(i % 2 === 0 ? a : b, '10.1.0.1');
      await sleep(2);
    }
    const seconds = (performance.now() - begun) / 1000;
    expect(total).toBeGreaterThanOrEqual(LIMITS.burst);
    // Two limiters that did not share would admit two bursts.
    expect(total).toBeLessThan(2 * LIMITS.burst);
    expect(total).toBeLessThanOrEqual(
      maxAdmitted({ limits: LIMITS, replicas: 2, syncMs: SYNC_MS + 10, seconds }),
    );
  });

  it('admit a client on each of more replicas than its burst, within the bound, and refuse it with a finite Retry-After', async () => {
    const limits = { burst: 1, perSecond: 10 };
    const replicas = fleet('outnumbered', 3, limits);
    await sleep(5 * SYNC_MS); // each knows the fleet is three: a third of a token each
    const begun = performance.now();
    const admittedBy = [0, 0, 0];
    const retryAfters = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const verdict = replicas[i % 3].limiter.take('anonymous', '10.1.0.9');
      if (verdict.allowed) admittedBy[i % 3]++;
      else retryAfters.add(verdict.retryAfterSeconds);
      await sleep(2);
    }
    const seconds = (performance.now() - begun) / 1000;
    // Before, a share under one token never admitted: 0 on every replica, Retry-After Infinity.
    for (const count of admittedBy) expect(count).toBeGreaterThan(0);
    expect([...retryAfters].every((s) => Number.isInteger(s) && s >= 1)).toBe(true);
    const total = admittedBy.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(maxAdmitted({ limits, replicas: 3, syncMs: SYNC_MS + 10, seconds }));
  });

  it('refuse a client on one limiter once it has spent its bucket on the other and a sync has run', async () => {
    const [a, b] = fleet('spent', 2);
    await sleep(5 * SYNC_MS);
    for (let i = 0; i < 10; i++) admitted(b, '10.1.0.2'); // b serves the client too
    await sleep(5 * SYNC_MS);
    let spentOnA = 0;
    for (let i = 0; i < 40; i++) spentOnA += admitted(a, '10.1.0.2');
    await sleep(5 * SYNC_MS);
    expect(spentOnA).toBeLessThanOrEqual(LIMITS.burst);
    expect(admitted(b, '10.1.0.2')).toBe(0);
  });

  it('keep limiting from their last share while Redis is down, say so once, and share again once it is back', async () => {
    const [a] = fleet('outage', 1);
    await sleep(5 * SYNC_MS);
    await server.kill();
    try {
      let total = 0;
      for (let i = 0; i < 3 * LIMITS.burst; i++) total += admitted(a, '10.1.0.3');
      expect(total).toBe(LIMITS.burst);
      await eventually(() => expect(a.sync.shared).toBe(false));
      await sleep(20 * SYNC_MS);
      expect(a.warnings).toHaveLength(1);
      expect(a.warnings[0]).toContain('limits alone');
    } finally {
      await server.restart();
    }
    await eventually(() => expect(a.sync.shared).toBe(true));
    expect(a.lines).toEqual([expect.stringContaining('again')]);
  });

  it('let Redis forget a bucket once it is full again', async () => {
    const redis = connect();
    const [a] = fleet('expiry', 1);
    for (let i = 0; i < 4; i++) admitted(a, '10.1.0.4');
    await eventually(async () => expect(await redis.exists('test:expiry:anonymous:10.1.0.4')).toBe(1));
    const ttl = await redis.pttl('test:expiry:anonymous:10.1.0.4');
    // 4 tokens at 2/s refill in 2 s, then the replicas' active window (3 s).
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });
});
