import { PORT_VARIABLES } from '../../apps/upstreams/src/config/upstreams-env.reader.js';
import {
  Stack,
  urlOf,
  type ApiEnv,
  type ChildName,
  type UpstreamPorts,
  type UpstreamsEnv,
} from '../../scripts/lib/stack.js';
import type { PeerClients } from '../peers/shared/peer-settings.js';
import { PEER_NAMES, type SubjectName } from './http-subjects.js';
import { OutputTail } from './output-tail.js';
import { startPeerProcess, type PeerProcess } from './peer.process.js';

/** What the bench loads, once everything serves. */
export interface StartedBench {
  /** Each subject's base URL. */
  urls: Record<SubjectName, string>;
  ports: UpstreamPorts;
  redisUrl: string;
}

/** A process of the bench died while it ran. */
export class BenchProcessDiedError extends Error {
  override readonly name = 'BenchProcessDiedError';
}

// Every upstreams listener on a free port: the bench never takes the default 4000-4003.
const FREE_PORTS = Object.fromEntries(
  Object.values(PORT_VARIABLES).map((variable) => [variable, '0']),
) as UpstreamsEnv;

/**
 * The api settings the bench sets itself. Rate limiting stays on, as deployed, with limits above
 * the bench's load: all of it comes from one anonymous client (127.0.0.1), which the defaults
 * would refuse. Every other setting is the default, or what the bench's environment says.
 */
export const BENCH_API_SETTINGS = {
  RATE_LIMIT_ANONYMOUS_BURST: '1000000',
  RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000',
} as const satisfies ApiEnv;

/** The api settings the bench wires to its own processes (its port, Redis and the simulators). */
export const BENCH_WIRED_SETTINGS = [
  'PORT',
  'REDIS_URL',
  'CATALOG_URL',
  'INVENTORY_URL',
  'PAYMENTS_URL',
] as const satisfies readonly (keyof ApiEnv)[];

/**
 * Every process the bench loads or needs, each its own: a throwaway redis-server, the upstream
 * simulators, Carta's api as `npm start` runs it (ROLE=all, metrics and logging on, default
 * settings) and the three peers on the same Redis and upstreams. `stop()` may be called at any
 * time, also during `start()`, and stops whatever has started.
 */
export class BenchStack {
  private readonly stack: Stack;
  private readonly peers: PeerProcess[] = [];
  private readonly tails = new Map<ChildName, OutputTail>();
  private stopping = false;

  constructor(
    private readonly options: {
      /** The environment of Carta's api, the peers and the simulators (the bench's, with its own settings). */
      env: Record<string, string | undefined>;
      /** Node options of Carta's api (the profiler's). */
      apiNodeArgs: readonly string[];
      /** The peers' outbound HTTP clients. */
      peerClients: PeerClients;
      /** A process died after it was ready. */
      onDeath: (error: BenchProcessDiedError) => void;
    },
  ) {
    this.stack = new Stack({
      env: options.env,
      upstreamsEnv: FREE_PORTS,
      apiEnv: () => ({ PORT: '0', ...BENCH_API_SETTINGS }),
      apiNodeArgs: options.apiNodeArgs,
      onStdout: (name, chunk) => this.tailOf(name).push(chunk),
      stderr: (name, chunk) => this.tailOf(name).push(chunk),
      onExit: (name, code) =>
        options.onDeath(new BenchProcessDiedError(`${name} exited (${code}):\n${this.tailOf(name).text()}`)),
    });
  }

  async start(): Promise<StartedBench> {
    const { ports, redisUrl, apiUrl } = await this.stack.start();
    const settings = {
      redisUrl,
      catalogUrl: urlOf(ports.catalog),
      inventoryUrl: urlOf(ports.inventory),
      paymentsUrl: urlOf(ports.payments),
      clients: this.options.peerClients,
    };
    const urls: Partial<Record<SubjectName, string>> = { carta: apiUrl };
    // One at a time: three Nest boots at once on two cores only slow each other.
    for (const name of PEER_NAMES) {
      if (this.stopping) throw new BenchProcessDiedError(`stopping: peer ${name} not started`);
      const peer = await startPeerProcess({
        name,
        env: this.options.env,
        settings,
        onExit: (error) => this.options.onDeath(new BenchProcessDiedError(error.message)),
      });
      this.peers.push(peer);
      urls[name] = peer.url;
      // stop() ran while this one booted, and so did not stop it.
      if (this.stopping) await peer.stop();
    }
    return { urls: urls as Record<SubjectName, string>, ports, redisUrl };
  }

  /** Stops the peers, then the api (which writes its CPU profile as it exits), the upstreams and Redis. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.peers.map((peer) => peer.stop()));
    await this.stack.stop();
  }

  private tailOf(name: ChildName): OutputTail {
    const tail = this.tails.get(name) ?? new OutputTail();
    this.tails.set(name, tail);
    return tail;
  }
}
