import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { Redis } from 'ioredis';
import { describeOrderRepositoryContract } from '../../../../test/support/order-repository.contract.js';
import { RedisOrderRepository } from './redis-order.repository.js';

let server: EmbeddedRedis;
let repository: RedisOrderRepository;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  repository = new RedisOrderRepository(redis);
});

afterAll(async () => {
  await redis.quit();
  await server.stop();
});

describeOrderRepositoryContract('RedisOrderRepository', () => repository);
