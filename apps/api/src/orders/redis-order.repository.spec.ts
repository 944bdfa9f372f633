import { jest } from '@jest/globals';
import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { Redis } from 'ioredis';
import { describeOrderRepositoryContract } from '../../../../test/support/order-repository.contract.js';
import { aPendingOrder } from '../../../../test/support/order.fixture.js';
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

describe('RedisOrderRepository round trips', () => {
  it('sends its scripts by SHA, not their text, and answers an update from the same script, with no read after it', async () => {
    const order = aPendingOrder({ orderId: `ord_trips_${Date.now()}` });
    await repository.create(order);
    const sent: string[] = [];
    const sendCommand = redis.sendCommand.bind(redis);
    const send = jest.spyOn(redis, 'sendCommand').mockImplementation((command, stream) => {
      sent.push(command.name);
      return sendCommand(command, stream);
    });
    try {
      await repository.create({ ...order, orderId: `${order.orderId}_2` });
      const updated = await repository.update(order.orderId, { status: 'confirmed' }, 'pending_payment');
      expect(updated).toMatchObject({ orderId: order.orderId, status: 'confirmed' });
    } finally {
      send.mockRestore();
    }
    expect(sent).toEqual(['evalsha', 'evalsha']);
  });

  it('still runs its scripts after Redis forgot them (SCRIPT FLUSH, as a restart does)', async () => {
    const order = aPendingOrder({ orderId: `ord_flushed_${Date.now()}` });
    await redis.script('FLUSH');
    expect(await repository.create(order)).toEqual({ order, created: true });
    expect(await repository.update(order.orderId, { attempts: 2 })).toMatchObject({ attempts: 2 });
  });
});
