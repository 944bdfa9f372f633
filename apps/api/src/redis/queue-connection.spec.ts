import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueConnection } from './queue-connection.js';
import { isRedisUnavailableError } from './redis-unavailable.js';

const PRODUCER_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 1_000,
} as const;

describe('QueueConnection', () => {
  let server: EmbeddedRedis;

  beforeEach(async () => {
    server = await startRedis();
  });

  afterEach(() => server.stop());

  it("gives a BullMQ worker's blocking connection the options BullMQ requires, keeping its own fail-fast", async () => {
    const connection = new QueueConnection(server.url, PRODUCER_OPTIONS);
    const worker = new Worker('q', () => Promise.resolve(), { connection });
    await worker.waitUntilReady();
    const blocking = (await worker.getBackend().blockingClient) as unknown as Redis;
    const { port, maxRetriesPerRequest, enableOfflineQueue, commandTimeout } = blocking.options;
    await worker.close();
    await connection.quit();

    expect({ port, maxRetriesPerRequest, enableOfflineQueue, commandTimeout }).toEqual({
      port: server.port,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      commandTimeout: undefined,
    });
    expect(connection.options).toMatchObject(PRODUCER_OPTIONS);
  });

  it('lets a worker on it run jobs a queue on it adds', async () => {
    const connection = new QueueConnection(server.url, PRODUCER_OPTIONS);
    const queue = new Queue('jobs', { connection });
    const done = new Promise<unknown>((resolve) => {
      const worker = new Worker('jobs', (job) => Promise.resolve(job.data), { connection });
      worker.on('completed', (job) => void worker.close().then(() => resolve(job.returnvalue)));
    });
    await queue.add('job', { n: 1 });
    expect(await done).toEqual({ n: 1 });
    await queue.close();
    await connection.quit();
  });

  it('makes adding a job fail at once, as a storage outage, while Redis is down', async () => {
    // ioredis leaves timers behind (a refused command's timeout, a dead socket's disconnect
    // fallback): short ones, so nothing outlives the test.
    const connection = new QueueConnection(server.url, {
      ...PRODUCER_OPTIONS,
      commandTimeout: 100,
      disconnectTimeout: 100,
    });
    connection.on('error', () => undefined);
    const queue = new Queue('jobs', { connection });
    queue.on('error', () => undefined);
    await queue.waitUntilReady();
    await server.stop();

    const started = Date.now();
    const error = await queue.add('job', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRedisUnavailableError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
    connection.disconnect();
    await queue.close();
  });
});
