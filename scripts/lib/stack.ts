// The whole shop as child processes, from dist/: a throwaway redis-server (unless a Redis URL
// is given), the upstream simulators and the api. Shared by `npm start` and `npm run drill`.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import type { ApiConfig } from '../../apps/api/src/config/api.config.js';
import { API_READY_PREFIX, type ApiReady } from '../../apps/api/src/ready-line.js';
import type { PORT_VARIABLES } from '../../apps/upstreams/src/config/upstreams-env.reader.js';
import { UPSTREAMS_READY_PREFIX } from '../../apps/upstreams/src/upstreams.messages.js';
import type { ListenerName } from '../../apps/upstreams/src/upstreams.options.js';

// This file runs as dist/scripts/lib/stack.js, beside the apps it starts.
const mainOf = (app: 'api' | 'upstreams'): string =>
  fileURLToPath(new URL(`../../apps/${app}/src/main.js`, import.meta.url));

/** The port of each upstreams listener, as its ready line reports them. */
export type UpstreamPorts = Record<ListenerName, number>;

/** The api's environment: its settings (ApiConfig) and its policies' RESILIENCE_* overrides. */
export type ApiEnv = { [K in keyof ApiConfig]?: string } & { [K in `RESILIENCE_${string}`]?: string };

/** The upstreams' port variables (UPSTREAMS_ADMIN_PORT, CATALOG_PORT, ...). */
export type UpstreamsEnv = { [K in (typeof PORT_VARIABLES)[ListenerName]]?: string };

/** A child process of the stack: `api` alone, or `api-<n>` and `worker-<n>` with replicas. */
export type ChildName = 'upstreams' | 'api' | `api-${number}` | `worker-${number}`;

/** `http://127.0.0.1:<port>` */
export const urlOf = (port: number): string => `http://127.0.0.1:${port}`;

/** How a {@link Stack} starts the shop. */
export interface StackOptions {
  /** Use this Redis; otherwise start one on `redisPort`. */
  redisUrl?: string;
  /** Port of the embedded Redis. @default 0 (a free port) */
  redisPort?: number;
  /** The base environment of both children. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Added to the upstreams' environment. */
  upstreamsEnv?: UpstreamsEnv;
  /** Gets the upstreams' ports; its result overrides the api's defaults (REDIS_URL, the dependency URLs). */
  apiEnv?: (ports: UpstreamPorts) => ApiEnv;
  /** Node options of each api process, before its main (e.g. `--cpu-prof`). @default [] */
  apiNodeArgs?: readonly string[];
  /** Every chunk a child prints on stdout, ready lines included. */
  onStdout?: (name: ChildName, chunk: Buffer) => void;
  /** Where the children's stderr goes. @default 'inherit' */
  stderr?: 'inherit' | ((name: ChildName, chunk: Buffer) => void);
  /** A child died after it was ready and no stop (or {@link Stack.kill}) was asked for. */
  onExit?: (name: ChildName, code: number | NodeJS.Signals | null) => void;
  /**
   * Runs this many `ROLE=api` processes (`api-1`...) and as many `ROLE=worker` ones
   * (`worker-1`...) instead of one `api` of every role. @default undefined (one api)
   */
  replicas?: number;
}

/** What {@link Stack.start} resolves with once the api serves. */
export interface StartedStack {
  redisUrl: string;
  /** True when the stack started its own Redis. */
  embedded: boolean;
  ports: UpstreamPorts;
  /** The first api's URL (the only one without replicas). */
  apiUrl: string;
  /** Every `ROLE=api` process's URL, in order (just `apiUrl` without replicas). */
  apiUrls: string[];
  /** The checkout workers' names (empty without replicas: the api captures). */
  workers: ChildName[];
}

/**
 * Starts and stops the shop. `stop()` may be called at any time, even while `start()` runs
 * (a Ctrl-C during boot), and stops whatever has started.
 */
export class Stack {
  readonly #options: StackOptions;
  readonly #children: ChildProcess[] = [];
  readonly #byName = new Map<ChildName, ChildProcess>();
  readonly #killed = new Set<ChildName>();
  #stopping = false;
  #redis: EmbeddedRedis | undefined;

  constructor(options: StackOptions = {}) {
    this.#options = options;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** The Redis the stack started (to kill and restart it), or undefined with a Redis URL given. */
  get embeddedRedis(): EmbeddedRedis | undefined {
    return this.#redis;
  }

  /** Sends `signal` to one child and resolves once it has exited; its exit is not reported to `onExit`. */
  async kill(name: ChildName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#byName.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.#killed.add(name);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async start(): Promise<StartedStack> {
    const options = this.#options;
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      this.#redis = await startRedis({ port: options.redisPort ?? 0 });
      redisUrl = this.#redis.url;
    }
    const ports = await this.#startChild<UpstreamPorts>(
      'upstreams',
      options.upstreamsEnv ?? {},
      UPSTREAMS_READY_PREFIX,
    );
    const apiEnv: ApiEnv = {
      REDIS_URL: redisUrl,
      CATALOG_URL: urlOf(ports.catalog),
      INVENTORY_URL: urlOf(ports.inventory),
      PAYMENTS_URL: urlOf(ports.payments),
      ...(options.apiEnv?.(ports) ?? {}),
    };
    const embedded = Boolean(this.#redis);
    if (options.replicas === undefined) {
      const api = await this.#startChild<ApiReady>('api', apiEnv, API_READY_PREFIX);
      return { redisUrl, embedded, ports, apiUrl: api.url, apiUrls: [api.url], workers: [] };
    }
    const numbers = Array.from({ length: options.replicas }, (_, i) => i + 1);
    const workers = numbers.map((n): ChildName => `worker-${n}`);
    // Booted together: each waits mostly on its own Nest boot.
    const [apis] = await Promise.all([
      Promise.all(
        numbers.map((n) =>
          this.#startChild<ApiReady>(`api-${n}`, { ...apiEnv, ROLE: 'api' }, API_READY_PREFIX),
        ),
      ),
      Promise.all(
        workers.map((name) =>
          this.#startChild<ApiReady>(name, { ...apiEnv, ROLE: 'worker' }, API_READY_PREFIX),
        ),
      ),
    ]);
    const apiUrls = apis.map((api) => api.url);
    return { redisUrl, embedded, ports, apiUrl: apiUrls[0], apiUrls, workers };
  }

  /** SIGTERM to every child (SIGKILL after 5 s), then stops the embedded Redis. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    await this.#redis?.stop();
  }

  /** Spawns the app and resolves with the JSON of its `<prefix> <json>` ready line. */
  #startChild<T>(name: ChildName, env: ApiEnv | UpstreamsEnv, prefix: string): Promise<T> {
    const { onStdout, stderr = 'inherit', onExit } = this.#options;
    return new Promise((resolve, reject) => {
      if (this.#stopping) return reject(new Error(`stopping: ${name} not started`));
      const app = name === 'upstreams' ? 'upstreams' : 'api';
      const nodeArgs = app === 'api' ? (this.#options.apiNodeArgs ?? []) : [];
      const child = spawn(process.execPath, [...nodeArgs, mainOf(app)], {
        env: { ...(this.#options.env ?? process.env), ...env },
        stdio: ['ignore', 'pipe', stderr === 'inherit' ? 'inherit' : 'pipe'],
      });
      this.#children.push(child);
      this.#byName.set(name, child);
      if (typeof stderr === 'function') child.stderr?.on('data', (chunk: Buffer) => stderr(name, chunk));
      let buffer = '';
      let ready = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        onStdout?.(name, chunk);
        if (ready) return;
        buffer += chunk.toString();
        const line = buffer.split('\n').find((l) => l.startsWith(`${prefix} `));
        if (line) {
          ready = true;
          resolve(JSON.parse(line.slice(prefix.length + 1)) as T);
        }
      });
      child.once('exit', (code, signal) => {
        if (!ready) reject(new Error(`${name} exited (${code ?? signal}) before it was ready`));
        else if (!this.#stopping && !this.#killed.has(name)) onExit?.(name, code ?? signal);
      });
    });
  }
}
