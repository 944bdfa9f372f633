// The whole shop as child processes, from dist/: a throwaway redis-server (unless a Redis URL
// is given), the upstream simulators and the api. Shared by `npm start` and `npm run drill`.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (...parts) => join(root, 'dist', ...parts);

/** `http://127.0.0.1:<port>` */
export const urlOf = (port) => `http://127.0.0.1:${port}`;

/** The embedded-redis library, from dist/. */
export const embeddedRedis = () => import(dist('libs', 'embedded-redis', 'src', 'index.js'));

/**
 * Starts and stops the shop. `stop()` may be called at any time, even while `start()` runs
 * (a Ctrl-C during boot), and stops whatever has started.
 *
 * Options:
 * - `redisUrl`: use this Redis; otherwise start one on `redisPort` (0: a free port).
 * - `env`: the base environment of both children (default process.env).
 * - `upstreamsEnv`, `apiEnv(ports)`: added to it; `apiEnv` gets the upstreams' ports and
 *   its result overrides the defaults (REDIS_URL and the three dependency URLs).
 * - `onStdout(name, chunk)`: every chunk a child prints on stdout, ready lines included.
 * - `stderr`: 'inherit' (default), or `(name, chunk) => void`.
 * - `onExit(name, code)`: a child died after it was ready and no stop was asked for.
 */
export class Stack {
  #options;
  #children = [];
  #stopping = false;
  redis;

  constructor(options = {}) {
    this.#options = options;
  }

  get stopping() {
    return this.#stopping;
  }

  /** Resolves with `{ redisUrl, embedded, ports, apiUrl }` once the api serves. */
  async start() {
    const options = this.#options;
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      const { startRedis } = await embeddedRedis();
      this.redis = await startRedis({ port: options.redisPort ?? 0 });
      redisUrl = this.redis.url;
    }
    const ports = await this.#startChild(
      'upstreams',
      dist('apps', 'upstreams', 'src', 'main.js'),
      options.upstreamsEnv ?? {},
      'upstreams ready',
    );
    const apiEnv = {
      REDIS_URL: redisUrl,
      CATALOG_URL: urlOf(ports.catalog),
      INVENTORY_URL: urlOf(ports.inventory),
      PAYMENTS_URL: urlOf(ports.payments),
      ...(options.apiEnv?.(ports) ?? {}),
    };
    const api = await this.#startChild('api', dist('apps', 'api', 'src', 'main.js'), apiEnv, 'api ready');
    return { redisUrl, embedded: Boolean(this.redis), ports, apiUrl: api.url };
  }

  /** SIGTERM to every child (SIGKILL after 5 s), then stops the embedded Redis. */
  async stop() {
    if (this.#stopping) return;
    this.#stopping = true;
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    await this.redis?.stop();
  }

  #startChild(name, script, env, prefix) {
    const { onStdout, stderr = 'inherit', onExit } = this.#options;
    return new Promise((resolve, reject) => {
      if (this.#stopping) return reject(new Error(`stopping: ${name} not started`));
      const child = spawn(process.execPath, [script], {
        env: { ...(this.#options.env ?? process.env), ...env },
        stdio: ['ignore', 'pipe', stderr === 'inherit' ? 'inherit' : 'pipe'],
      });
      this.#children.push(child);
      if (typeof stderr === 'function') child.stderr.on('data', (chunk) => stderr(name, chunk));
      let buffer = '';
      let ready = false;
      child.stdout.on('data', (chunk) => {
        onStdout?.(name, chunk);
        if (ready) return;
        buffer += chunk.toString();
        const line = buffer.split('\n').find((l) => l.startsWith(`${prefix} `));
        if (line) {
          ready = true;
          resolve(JSON.parse(line.slice(prefix.length + 1)));
        }
      });
      child.once('exit', (code, signal) => {
        if (!ready) reject(new Error(`${name} exited (${code ?? signal}) before it was ready`));
        else if (!this.#stopping) onExit?.(name, code ?? signal);
      });
    });
  }
}
