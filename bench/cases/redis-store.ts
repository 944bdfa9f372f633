import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import {
  CircuitBreakerPolicy,
  MemoryBreakerStore,
  PolicyPipeline,
  type BreakerStore,
} from '@carta/resilience/core';
import { RedisBreakerStore } from '@carta/resilience/redis';
import { Redis } from 'ioredis';
import { work, type CaseSetup } from '../harness.js';

/** The breaker alone on the Redis store against the in-memory store: open rejection and closed call. */
export const subject = 'redis-store';

const OPTIONS = { failureThreshold: 5, resetTimeoutMs: 3_600_000 };

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
  return {
    cases: [
      {
        id: 'store.memory.closed',
        label: 'breaker on the memory store, closed',
        call: () => closedMemory.execute(work),
      },
      {
        id: 'store.redis.closed',
        label: 'breaker on the Redis store, closed (outcome recorded in the background)',
        peers: { memory: 'store.memory.closed' },
        // Each call sends one script to Redis: waiting for it keeps the backlog bounded, so
        // the figure includes the round trip a replica pays per call, off the caller's path.
        call: () => closedRedis.execute(work).then((value) => redisStore.settled().then(() => value)),
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
