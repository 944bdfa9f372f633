import type { Socket } from 'node:net';
import { Pool, buildConnector, errors, type Dispatcher } from 'undici';

/** How one dependency's connections are kept. */
export interface DependencyPoolOptions {
  /** The dependency's origin (`http://host:port`): a pool talks to one origin only. */
  origin: string;
  /** Keep-alive connections: the dependency's bulkhead size, so the pool never queues what the bulkhead let through. */
  connections: number;
  /** A connection not open within this fails with undici's `UND_ERR_CONNECT_TIMEOUT`, to the millisecond. */
  connectTimeoutMs: number;
}

/**
 * One dependency's keep-alive connections, an undici `Pool`, resizable: undici fixes a pool's
 * size when it is built, so a resize builds a new pool for the requests to come and closes the
 * old one once the requests it holds have finished.
 */
export class DependencyPool {
  private pool: Pool;
  private readonly closing = new Set<Promise<void>>();

  constructor(private options: DependencyPoolOptions) {
    this.pool = this.build();
  }

  /** Where the next request goes. */
  get dispatcher(): Dispatcher {
    return this.pool;
  }

  /** The most connections the pool opens at once. */
  get connections(): number {
    return this.options.connections;
  }

  /** From the next request on, at most `connections` at once. */
  resize(connections: number): void {
    if (connections === this.options.connections) return;
    this.options = { ...this.options, connections };
    this.retire(this.pool);
    this.pool = this.build();
  }

  /** Lets the requests running finish, then closes every connection. */
  async close(): Promise<void> {
    this.retire(this.pool);
    await Promise.all(this.closing);
  }

  private build(): Pool {
    return new Pool(this.options.origin, {
      connections: this.options.connections,
      connect: connectWithin(this.options.connectTimeoutMs),
    });
  }

  private retire(pool: Pool): void {
    if (pool.closed) return;
    // close() rejects only for a pool already closed, which `closed` rules out.
    const closed = pool.close().finally(() => this.closing.delete(closed));
    this.closing.add(closed);
  }
}

/**
 * undici's own connector with a connect timeout of our own: undici times connects on its coarse
 * timers (a 500 ms tick), so its `connectTimeout` of 500 ms fires after 0.5 to 1 s. A blackholed
 * dependency would hold each connection that long before the policy could retry elsewhere.
 */
function connectWithin(timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: 0 });
  return (options, callback) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    // The connector returns the socket it opens (its type says void): destroying it fails the
    // connect through the callback, as undici's own timeout does.
    const socket = connect(options, (...args) => {
      clearTimeout(timer);
      callback(...args);
    }) as unknown as Socket;
    timer = setTimeout(() => {
      const where = `${options.hostname}:${options.port}`;
      socket.destroy(new errors.ConnectTimeoutError(`connect to ${where} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  };
}
