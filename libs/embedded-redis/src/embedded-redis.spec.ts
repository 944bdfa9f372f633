import { createConnection } from 'node:net';
import { startRedis } from './embedded-redis.js';
import { RedisServerMissingError } from './redis-server-missing.error.js';

function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString().trim());
    });
    socket.once('error', reject);
  });
}

describe('startRedis', () => {
  it('starts a redis-server on a free loopback port that answers PING, and stops it', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await ping(redis.port)).toBe('+PONG');
    } finally {
      await redis.stop();
    }
    await expect(ping(redis.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('names the install command when the binary is missing', async () => {
    const failure = startRedis({ binary: 'redis-server-that-does-not-exist' });
    await expect(failure).rejects.toBeInstanceOf(RedisServerMissingError);
    await expect(failure).rejects.toThrow(/apt-get install -y redis-server/);
  });

  it('stops once when stop is called twice', async () => {
    const redis = await startRedis();
    await Promise.all([redis.stop(), redis.stop()]);
    await expect(ping(redis.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
