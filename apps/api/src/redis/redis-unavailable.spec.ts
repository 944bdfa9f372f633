import { createConnection } from 'node:net';
import { freePort, startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import axios from 'axios';
import { ConnectionClosedError } from 'bullmq';
import { redisStore } from 'cache-manager-redis-yet';
import { Redis, ReplyError, type RedisOptions } from 'ioredis';
import { isRedisUnavailableError } from './redis-unavailable.js';

// The error a promise rejects with (fails the test if it resolves).
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('isRedisUnavailableError', () => {
  // A port nothing listens on: every connection attempt is refused.
  let closedPort: number;
  const clients: Redis[] = [];
  const ioredis = (options: RedisOptions): Redis => {
    const client = new Redis(closedPort, '127.0.0.1', { retryStrategy: () => 20, ...options });
    client.on('error', () => undefined);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    closedPort = await freePort();
  });

  afterAll(() => clients.forEach((client) => client.disconnect()));

  describe('recognises what ioredis raises while Redis is unreachable', () => {
    it('the reconnect limit (MaxRetriesPerRequestError)', async () => {
      const error = await rejectionOf(ioredis({ maxRetriesPerRequest: 0 }).get('k'));
      expect(error.name).toBe('MaxRetriesPerRequestError');
      expect(isRedisUnavailableError(error)).toBe(true);
    });

    it('the command timeout ("Command timed out")', async () => {
      const error = await rejectionOf(ioredis({ maxRetriesPerRequest: null, commandTimeout: 50 }).get('k'));
      expect(error.message).toBe('Command timed out');
      expect(isRedisUnavailableError(error)).toBe(true);
    });

    it('a command refused without an offline queue ("Stream isn\'t writeable")', async () => {
      const error = await rejectionOf(ioredis({ enableOfflineQueue: false }).get('k'));
      expect(error.message).toMatch(/^Stream isn't writeable/);
      expect(isRedisUnavailableError(error)).toBe(true);
    });

    it('a command on a closed connection ("Connection is closed.")', async () => {
      const client = ioredis({ lazyConnect: true });
      client.disconnect();
      const error = await rejectionOf(client.get('k'));
      expect(error.message).toBe('Connection is closed.');
      expect(isRedisUnavailableError(error)).toBe(true);
    });

    it('the socket error of a refused connection', async () => {
      const error = await new Promise<Error>((resolve) =>
        createConnection(closedPort, '127.0.0.1').once('error', resolve),
      );
      expect(isRedisUnavailableError(error)).toBe(true);
    });
  });

  it("recognises BullMQ's ConnectionClosedError, and any error caused by one of these", () => {
    expect(isRedisUnavailableError(new ConnectionClosedError())).toBe(true);
    const cause = new Error('Command timed out');
    expect(isRedisUnavailableError(new Error('adding the capture failed', { cause }))).toBe(true);
  });

  it('recognises Redis answering that it cannot serve for now (LOADING, BUSY, READONLY, ...)', () => {
    const reply = (text: string): Error => new (ReplyError as new (message: string) => Error)(text);
    expect(isRedisUnavailableError(reply('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isRedisUnavailableError(reply('BUSY Redis is busy running a script.'))).toBe(true);
    expect(isRedisUnavailableError(reply("READONLY You can't write against a read only replica."))).toBe(
      true,
    );
    expect(isRedisUnavailableError(reply('ERR syntax error'))).toBe(false);
  });

  describe('against a real Redis', () => {
    let server: EmbeddedRedis;

    beforeAll(async () => {
      server = await startRedis();
    });

    afterAll(() => server.stop());

    it('does not take a command Redis ran and refused (WRONGTYPE) for an outage', async () => {
      const client = new Redis(server.url);
      await client.set('string-key', 'x');
      const error = await rejectionOf(client.hgetall('string-key'));
      await client.quit();
      expect(error.message).toMatch(/^WRONGTYPE/);
      expect(isRedisUnavailableError(error)).toBe(false);
    });

    it('recognises what the catalog cache (node-redis) raises once Redis is gone', async () => {
      const own = await startRedis();
      const store = await redisStore({ url: own.url, disableOfflineQueue: true });
      store.client.on('error', () => undefined);
      await own.stop();
      const error = await rejectionOf(store.get('k'));
      await store.client.disconnect().catch(() => undefined);
      expect(isRedisUnavailableError(error)).toBe(true);
    });
  });

  it("does not take an HTTP dependency's refused connection for Redis's", async () => {
    const error = await rejectionOf(axios.get(`http://127.0.0.1:${closedPort}/`));
    expect((error as Error & { code?: string }).code).toBe('ECONNREFUSED');
    expect(isRedisUnavailableError(error)).toBe(false);
  });

  it('does not take bugs or aborts for an outage', () => {
    expect(isRedisUnavailableError(new TypeError('x is undefined'))).toBe(false);
    expect(isRedisUnavailableError(AbortSignal.abort().reason)).toBe(false);
    expect(isRedisUnavailableError('Command timed out')).toBe(false);
    expect(isRedisUnavailableError(undefined)).toBe(false);
    expect(isRedisUnavailableError(Object.create(null))).toBe(false);
  });
});
