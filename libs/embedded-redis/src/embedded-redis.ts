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

/**
 * A running throwaway Redis on loopback, its data in a temp dir. It persists like a production
 * Redis: append-only file, fsynced every second, so a restart of the process replays every
 * write it acknowledged.
 */
export interface EmbeddedRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Where its append-only file lives (removed by `stop`). */
  readonly dir: string;
  /** Kills the server process (SIGKILL by default: a crash), keeping its data for `restart`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port and dir (killing it first if it runs); it replays its AOF. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

const READY = /ready to accept connections/i;

/**
 * Starts `redis-server` on a free loopback port with an append-only file, for tests and the
 * one-command start. Throws {@link RedisServerMissingError} when the binary is absent.
 */
export async function startRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const binary = options.binary ?? 'redis-server';
  const dir = await mkdtemp(join(tmpdir(), 'carta-redis-'));
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  // A free port can be taken between the probe and redis binding it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      const child = await launch(binary, port, dir, readyTimeoutMs);
      return handle({ child, port, dir, relaunch: () => launch(binary, port, dir, readyTimeoutMs) });
    } catch (error) {
      if (error instanceof RedisServerMissingError || options.port || attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

function launch(binary: string, port: number, dir: string, readyTimeoutMs: number): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    // Every acknowledged write is in the AOF before the reply (a killed process loses none);
    // the disk gets it within a second (a host crash loses at most that).
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
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
      resolve(child);
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

interface Launched {
  child: ChildProcess;
  port: number;
  dir: string;
  relaunch(): Promise<ChildProcess>;
}

async function exit(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

function handle({ child: first, port, dir, relaunch }: Launched): EmbeddedRedis {
  let child = first;
  let stopping: Promise<void> | undefined;
  const kill = (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => exit(child, signal);
  const restart = async (): Promise<void> => {
    await exit(child, 'SIGTERM');
    child = await relaunch();
  };
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await exit(child, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    })());
  return { port, url: `redis://127.0.0.1:${port}`, dir, kill, restart, stop };
}
