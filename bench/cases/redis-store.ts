import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import {
  CircuitBreakerPolicy,
  MemoryBreakerStore,
  PolicyPipeline,
  type BreakerStore,
} from '@carta/resilience/core';
import { RedisBreakerStore } from '@carta/resilience/redis';
import { Redis } from 'ioredis';
import { CONCURRENT_WIDTH, work, type CaseSetup } from '../harness.js';

/** The breaker alone on the Redis store against the in-memory store: open rejection and closed call. */
export const subject = 'redis-store';

const OPTIONS = { failureThreshold: 5, resetTimeoutMs: 3_600_000 };
// Each closed call sends one script: fewer calls per batch keep the case to seconds.
const REDIS_CALLS = 4_000;

function breakerOn(store: BreakerStore, name: string): PolicyPipeline {
  return new PolicyPipeline(name, {
    breaker: new CircuitBreakerPolicy(name, OPTIONS, { breakerStore: store }),
  });
}

export async function setup(): Promise<CaseSetup> {
  const server: EmbeddedRedis = await startRedis();
  const redis = new Redis(server.url);
  await redis.ping();
  const redisStore = new RedisBreakerStore(redis, { keyPrefix: `bench:${process.pid}:` });
  const memory = new MemoryBreakerStore();
  const closedRedis = breakerOn(redisStore, 'bench-closed');
  const closedMemory = breakerOn(memory, 'bench-closed');
  const openRedis = breakerOn(redisStore, 'bench-open');
  const openMemory = breakerOn(memory, 'bench-open');
  await redisStore.settled();
  openRedis.breaker!.transitionTo('open');
  openMemory.breaker!.transitionTo('open');
  await redisStore.settled();
  let sinceSettled = 0;
  return {
    cases: [
      {
        id: 'store.memory.closed',
        label: 'breaker on the memory store, closed',
        call: () => closedMemory.execute(work),
      },
      {
        id: 'store.redis.closed',
        label: 'breaker on the Redis store, closed (outcomes batched, flushed every 1,000 calls)',
        peers: { memory: 'store.memory.closed' },
        // The caller does not wait for the script; outcomes travel in batches. settled() every
        // 1,000 calls flushes the successes waiting for company and waits for the backlog, so
        // the figure is each call's share of the batches' Redis time, amortised (a live app
        // flushes successes every successFlushMs instead, which is cheaper still).
        calls: REDIS_CALLS,
        call: () => {
          const answer = closedRedis.execute(work);
          if (++sinceSettled < CONCURRENT_WIDTH) return answer;
          sinceSettled = 0;
          return answer.then((value) => redisStore.settled().then(() => value));
        },
      },
      {
        id: 'store.memory.open',
        label: 'breaker on the memory store, open',
        rejects: true,
        baseline: null,
        call: () => openMemory.execute(work),
      },
      {
        id: 'store.redis.open',
        label: 'breaker on the Redis store, open (no round trip)',
        rejects: true,
        baseline: null,
        peers: { memory: 'store.memory.open' },
        call: () => openRedis.execute(work),
      },
    ],
    teardown: async () => {
      await redisStore.close();
      await redis.quit();
      await server.stop();
    },
  };
}
