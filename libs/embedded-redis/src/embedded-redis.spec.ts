import { createConnection } from 'node:net';
import { startRedis } from './embedded-redis.js';
import { RedisServerMissingError } from './redis-server-missing.error.js';

// One inline command, its reply as text.
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1', () => socket.write(`${line}\r\n`));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString().trim());
    });
    socket.once('error', reject);
  });
}

const ping = (port: number): Promise<string> => command(port, 'PING');

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

  it('runs with an append-only file fsynced every second', async () => {
    const redis = await startRedis();
    try {
      expect(await command(redis.port, 'CONFIG GET appendonly')).toContain('yes');
      expect(await command(redis.port, 'CONFIG GET appendfsync')).toContain('everysec');
    } finally {
      await redis.stop();
    }
  });

  it('keeps every acknowledged write when its process is killed (SIGKILL) and restarted on the same port', async () => {
    const redis = await startRedis();
    try {
      expect(await command(redis.port, 'SET order-1 confirmed')).toBe('+OK');
      await redis.kill();
      await expect(ping(redis.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await redis.restart();
      expect(await command(redis.port, 'GET order-1')).toBe('$9\r\nconfirmed');
    } finally {
      await redis.stop();
    }
  });
});
