import { freePort } from '@carta/embedded-redis';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import {
  CircuitBreakerPolicy,
  REJECTED,
  type CircuitBreakerOptions,
  type ResilienceEvent,
} from '../core/index.js';
import { RedisBreakerStore } from './redis-breaker.store.js';

// Three "replicas": each its own ioredis client, store and breaker for the same policy name,
// against one real redis-server this spec starts (and kills) itself.
let port: number;
let server: ChildProcess;
let policy = 0;

async function startServer(): Promise<void> {
  server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const probe = new Redis(port, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
  for (let i = 0; i < 100; i++) {
    if (
      await probe.connect().then(
        () => true,
        () => false,
      )
    )
      break;
    await sleep(50);
  }
  probe.disconnect();
}

interface Replica {
  redis: Redis;
  store: RedisBreakerStore;
  breaker: CircuitBreakerPolicy;
  warnings: string[];
  storeErrors: number;
}

const replicas: Replica[] = [];

// timeoutMs: a read slower than this marks the store down (the outage tests want it short);
// tests that count scripts give a loaded machine more, so no rejoin adds a read of its own.
async function replicasOf(
  count: number,
  options: CircuitBreakerOptions,
  { leaseMs = 10_000, timeoutMs = 300 }: { leaseMs?: number; timeoutMs?: number } = {},
): Promise<Replica[]> {
  const name = `payments-${++policy}`;
  const made: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const redis = new Redis(port, { retryStrategy: () => 100 });
    redis.on('error', () => undefined);
    await redis.ping();
    const warnings: string[] = [];
    const store = new RedisBreakerStore(redis, {
      probeLeaseMs: leaseMs,
      refreshMs: 200,
      timeoutMs,
      logger: { warn: (m) => warnings.push(m), log: () => undefined },
    });
    const breaker = new CircuitBreakerPolicy(name, options, { breakerStore: store });
    const replica: Replica = { redis, store, breaker, warnings, storeErrors: 0 };
    breaker.events.subscribe((event: ResilienceEvent) => {
      if (event.type === 'breaker_store_error') replica.storeErrors++;
    });
    made.push(replica);
  }
  replicas.push(...made);
  await settled(made);
  return made;
}

const http503 = (): Error => Object.assign(new Error('HTTP 503'), { status: 503 });
const settled = (rs: Replica[]): Promise<unknown> => Promise.all(rs.map((r) => r.store.settled()));

async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${withinMs} ms`);
    await sleep(20);
  }
}

function fail(r: Replica): void {
  const ticket = r.breaker.tryAcquire();
  expect(ticket).not.toBe(REJECTED);
  r.breaker.onFailure(ticket, http503());
}

beforeAll(async () => {
  port = await freePort();
  await startServer();
});

afterEach(async () => {
  for (const r of replicas.splice(0)) {
    await r.store.close();
    r.redis.disconnect();
  }
});

afterAll(() => {
  server.kill('SIGKILL');
});

describe('RedisBreakerStore across replicas', () => {
  it('opens every replica together on failures spread across them', async () => {
    const rs = await replicasOf(3, { failureThreshold: 5, resetTimeoutMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      fail(rs[i % 3]);
      await settled(rs);
    }
    await eventually(() => rs.every((r) => r.breaker.state === 'open'), 1_000);
    expect(rs.map((r) => r.breaker.tryAcquire())).toEqual([REJECTED, REJECTED, REJECTED]);
  });

  it('records successes together after successFlushMs and a failure with the next round trip, in order, so a run of failures still opens every replica', async () => {
    const rs = await replicasOf(2, { failureThreshold: 5, resetTimeoutMs: 60_000 }, { timeoutMs: 5_000 });
    const scripts: string[] = [];
    const run = rs[0].store.run.bind(rs[0].store);
    jest.spyOn(rs[0].store, 'run').mockImplementation((breaker, script, args) => {
      scripts.push(script);
      return run(breaker, script, args);
    });
    const succeed = (r: Replica) => r.breaker.onSuccess(r.breaker.tryAcquire());
    const shared = (): Promise<string | null> =>
      rs[0].redis.hget(`carta:breaker:${rs[0].breaker.name}:state`, 'c');
    // Successes wait for company: 200 of them leave together, once successFlushMs (100) is over.
    for (let i = 0; i < 200; i++) succeed(rs[0]);
    expect(scripts).toEqual([]);
    await eventually(() => scripts.length > 0, 2_000);
    expect(scripts).toEqual(['record']);
    // Its answer is back: nothing is on its way. A failure does not wait for company...
    await rs[0].store.settled();
    fail(rs[0]);
    expect(scripts).toEqual(['record', 'record']);
    await settled(rs);
    expect(await shared()).toBe('1');
    // ...and the success after it waits for its timer, then resets the shared count.
    succeed(rs[0]);
    expect(scripts).toEqual(['record', 'record']);
    await eventually(() => scripts.length > 2, 2_000);
    await rs[0].store.settled();
    expect(await shared()).toBe('0');
    // Three failures, a success, four failures: the success resets the count on the way.
    for (const outcome of 'fffsfff') {
      if (outcome === 'f') fail(rs[0]);
      else succeed(rs[0]);
    }
    await settled(rs);
    expect(rs[1].breaker.state).toBe('closed');
    expect(await shared()).toBe('3');
    fail(rs[0]);
    fail(rs[0]);
    await settled(rs);
    await eventually(() => rs.every((r) => r.breaker.state === 'open'), 1_000);
  });

  it.each([
    { type: 'count' as const, size: 10 },
    { type: 'time' as const, size: 30 },
  ])(
    'opens on the failure rate of a $type window at the outcome a local breaker would, the batch read and written once',
    async (window) => {
      const options: CircuitBreakerOptions = {
        failureThreshold: 100,
        resetTimeoutMs: 60_000,
        failureRateThreshold: 50,
        slidingWindow: { ...window, minimumCalls: 10 },
      };
      // Six successes, then failures: a count window of 10 reaches 50% at the 11th outcome
      // (its oldest success drops out), a time window at the 12th (6 of 12).
      const outcomes = 'ssssssffffffffsss';
      const local = new CircuitBreakerPolicy('local', options);
      let opensAt = -1;
      for (const [i, outcome] of [...outcomes].entries()) {
        const ticket = local.tryAcquire();
        if (outcome === 'f') local.onFailure(ticket, http503());
        else local.onSuccess(ticket);
        if (opensAt < 0 && local.state === 'open') opensAt = i + 1;
      }
      expect(opensAt).toBe(window.type === 'count' ? 11 : 12);

      const [r] = await replicasOf(1, options, { timeoutMs: 5_000 });
      const scripts: string[] = [];
      const run = r.store.run.bind(r.store);
      jest.spyOn(r.store, 'run').mockImplementation((breaker, script, args) => {
        scripts.push(script);
        return run(breaker, script, args);
      });
      await r.redis.config('RESETSTAT');
      // All in one turn: the first failure leaves with the successes before it, the rest
      // travel together and the script opens the breaker part-way through them.
      for (const outcome of outcomes) {
        if (outcome === 'f') fail(r);
        else r.breaker.onSuccess(r.breaker.tryAcquire());
      }
      await settled([r]);
      await eventually(() => r.breaker.state === 'open', 1_000);
      expect(scripts).toEqual(['record', 'record']);
      // One read of the window per script, not one per outcome.
      const read = window.type === 'count' ? 'lrange' : 'hgetall';
      const stats = (await r.redis.info('commandstats')).match(new RegExp(`cmdstat_${read}:calls=(\\d+)`));
      expect(Number(stats?.[1])).toBe(2);
      const key = `carta:breaker:${r.breaker.name}`;
      expect(await r.redis.hget(`${key}:state`, 'why')).toBe('failure_rate');
      // The window holds the outcomes up to the one that opened it, none after.
      const counted = [...outcomes.slice(0, opensAt)].map((o) => (o === 'f' ? '1' : '0'));
      if (window.type === 'count') {
        expect(await r.redis.lrange(`${key}:window`, 0, -1)).toEqual(counted.slice(-window.size));
      } else {
        const buckets = Object.entries(await r.redis.hgetall(`${key}:window`));
        const sum = (kind: string) =>
          buckets.filter(([field]) => field.startsWith(kind)).reduce((n, [, v]) => n + Number(v), 0);
        expect({ total: sum('t'), failed: sum('f') }).toEqual({
          total: counted.length,
          failed: counted.filter((o) => o === '1').length,
        });
      }
    },
  );

  it('keeps the outcomes on their way when a resubscription reads the same generation', async () => {
    const rs = await replicasOf(1, { failureThreshold: 5, resetTimeoutMs: 60_000 }, { timeoutMs: 5_000 });
    const scripts: string[] = [];
    const run = rs[0].store.run.bind(rs[0].store);
    jest.spyOn(rs[0].store, 'run').mockImplementation((breaker, script, args) => {
      scripts.push(script);
      return run(breaker, script, args);
    });
    // What a reconnect does: the store re-reads every breaker, and this read answers first.
    rs[0].redis.emit('ready');
    for (let i = 0; i < 4; i++) fail(rs[0]);
    rs[0].breaker.onSuccess(rs[0].breaker.tryAcquire());
    for (let i = 0; i < 4; i++) fail(rs[0]);
    await settled(rs);
    expect(scripts).toEqual(['read', 'record', 'record']);
    // Had the read dropped the second batch, Redis would still count 1 (or 4 plus 4 and open).
    expect(await rs[0].redis.hget(`carta:breaker:${rs[0].breaker.name}:state`, 'c')).toBe('4');
    expect(rs[0].breaker.state).toBe('closed');
  });

  it('admits exactly halfOpenMaxCalls probes across all replicas', async () => {
    const rs = await replicasOf(3, { resetTimeoutMs: 300, halfOpenMaxCalls: 2 });
    rs[0].breaker.transitionTo('open');
    await eventually(() => rs.every((r) => r.breaker.state === 'open'), 1_000);
    await sleep(350);
    let admitted = 0;
    for (let round = 0; round < 5; round++) {
      for (const r of rs) if (r.breaker.tryAcquire() !== REJECTED) admitted++;
      await settled(rs);
    }
    expect(admitted).toBe(2);
  });

  it('lets another replica probe once a dead replica’s probe lease expires', async () => {
    const rs = await replicasOf(2, { resetTimeoutMs: 200 }, { leaseMs: 500 });
    rs[0].breaker.transitionTo('open');
    await eventually(() => rs[1].breaker.state !== 'closed', 1_000);
    await sleep(250);
    let dead = REJECTED;
    for (let i = 0; i < 5 && dead === REJECTED; i++) {
      dead = rs[0].breaker.tryAcquire();
      await settled(rs);
    }
    expect(dead).not.toBe(REJECTED);
    // Replica 0 dies mid-probe: no result, no release.
    await rs[0].store.close();
    rs[0].redis.disconnect();
    for (let i = 0; i < 3; i++) {
      expect(rs[1].breaker.tryAcquire()).toBe(REJECTED);
      await settled(rs);
    }
    await sleep(550);
    let probe = REJECTED;
    for (let i = 0; i < 5 && probe === REJECTED; i++) {
      probe = rs[1].breaker.tryAcquire();
      await settled(rs);
    }
    expect(probe).not.toBe(REJECTED);
  });

  it('shows forced_open and a new threshold set through one replica on every replica within 1 s', async () => {
    const rs = await replicasOf(3, { failureThreshold: 5 });
    rs[1].breaker.reconfigure({ failureThreshold: 2 });
    rs[0].breaker.transitionTo('forced_open');
    await eventually(() => rs.every((r) => r.breaker.state === 'forced_open'), 1_000);
    await eventually(() => rs.every((r) => r.breaker.failureThreshold === 2), 1_000);
  });

  it('falls back to local state while Redis is down, says so once, counts it, and rejoins when it returns', async () => {
    const rs = await replicasOf(2, { failureThreshold: 3, resetTimeoutMs: 60_000 });
    server.kill('SIGKILL');
    await eventually(() => rs.every((r) => !r.store.up), 2_000);
    // Alone, each breaker neither blocks nor opens on the others' failures.
    for (let i = 0; i < 2; i++) fail(rs[0]);
    fail(rs[1]);
    expect(rs.map((r) => r.breaker.state)).toEqual(['closed', 'closed']);
    fail(rs[0]);
    expect(rs.map((r) => r.breaker.state)).toEqual(['open', 'closed']);
    await sleep(400);
    expect(rs.map((r) => r.warnings.length)).toEqual([1, 1]);
    expect(rs.map((r) => r.storeErrors)).toEqual([1, 1]);
    await startServer();
    await eventually(() => rs.every((r) => r.store.up), 5_000);
    // The (empty) shared state wins again: one breaker, opened by failures on both replicas.
    await eventually(() => rs[0].breaker.state === 'closed', 2_000);
    for (let i = 0; i < 3; i++) {
      fail(rs[i % 2]);
      await settled(rs);
    }
    await eventually(() => rs.every((r) => r.breaker.state === 'open'), 1_000);
    expect(rs.map((r) => r.warnings.length)).toEqual([1, 1]);
  }, 20_000);
});
