import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedRedisMessages } from './embedded-redis.messages.js';
import { freePort } from './free-port.js';
import { RedisServerMissingError } from './redis-server-missing.error.js';

/** Options of {@link startRedis}. */
export interface EmbeddedRedisOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** The server binary. @default 'redis-server' */
  binary?: string;
  /** How long to wait for "Ready to accept connections". @default 10000 */
  readyTimeoutMs?: number;
}

/** A running throwaway Redis: loopback only, no persistence, data in a temp dir. */
export interface EmbeddedRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

const READY = /ready to accept connections/i;

/**
 * Starts `redis-server` on a free loopback port with persistence off, for tests and the
 * one-command start. Throws {@link RedisServerMissingError} when the binary is absent.
 */
export async function startRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const binary = options.binary ?? 'redis-server';
  const dir = await mkdtemp(join(tmpdir(), 'carta-redis-'));
  // A free port can be taken between the probe and redis binding it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      return await launch(binary, port, dir, options.readyTimeoutMs ?? 10_000);
    } catch (error) {
      if (error instanceof RedisServerMissingError || options.port || attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

function launch(binary: string, port: number, dir: string, readyTimeoutMs: number): Promise<EmbeddedRedis> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(embeddedRedisMessages.notReady(readyTimeoutMs, output))),
      readyTimeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!READY.test(output)) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(handle(child, port, dir));
    };
    const onExit = (code: number | null): void => fail(new Error(embeddedRedisMessages.exited(code, output)));
    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? new RedisServerMissingError(binary) : error),
    );
    child.once('exit', onExit);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function handle(child: ChildProcess, port: number, dir: string): EmbeddedRedis {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    })());
  return { port, url: `redis://127.0.0.1:${port}`, stop };
}
