import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { setTimeout as sleep } from 'node:timers/promises';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { BREAKER_STORE, PolicyRegistry, ResilienceModule } from '../index.js';
import { describeBreakerStoreContract } from '../../../../test/support/breaker-store.contract.js';
import { RedisBreakerStore } from './redis-breaker.store.js';

let server: EmbeddedRedis;
let redis: Redis;
let store: RedisBreakerStore;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  await redis.ping();
  store = new RedisBreakerStore(redis, { keyPrefix: 'contract:' });
});

afterAll(async () => {
  await store.close();
  await redis.quit();
  await server.stop();
});

describeBreakerStoreContract('RedisBreakerStore', () => ({ store, wait: (ms) => sleep(ms) }));

describe('RedisBreakerStore in ResilienceModule', () => {
  it('shares the breakers of forRoot({ breakerStore }) and is closed with the module, leaving its client open', async () => {
    const shared = new RedisBreakerStore(redis, { keyPrefix: 'module:' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({ policies: { payments: { circuitBreaker: {} } }, breakerStore: shared }),
      ],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(BREAKER_STORE)).toBe(shared);
    moduleRef.get(PolicyRegistry).setBreakerState('payments', 'forced_open');
    await shared.settled();
    expect(await redis.hget('module:payments:state', 's')).toBe('forced_open');
    await moduleRef.close();
    expect(redis.status).toBe('ready');
  });
});
