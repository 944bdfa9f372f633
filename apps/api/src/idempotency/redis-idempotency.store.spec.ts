import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { Redis } from 'ioredis';
import { describeIdempotencyStoreContract } from '../../../../test/support/idempotency-store.contract.js';
import { RedisIdempotencyStore } from './redis-idempotency.store.js';

let server: EmbeddedRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis.quit();
  await server.stop();
});

// Redis expires keys on its own clock, so the expiry cases wait for real (60 ms each).
describeIdempotencyStoreContract('RedisIdempotencyStore', async () => ({
  store: new RedisIdempotencyStore(redis),
  elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));
