import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Opens and shuts one HTTP server's listening socket, on the same port every time.
 *
 * Nest's `app.listen()` hands the socket to `fastify.listen()`, which a Fastify instance
 * allows once and which binds extra servers when a host name resolves to several
 * addresses. The simulator must close the socket and open it again ("down", then "up"), so
 * it drives the `http.Server` under the Nest app directly: Node lets a closed one listen again.
 */
export class ServerListener {
  private boundPort: number;

  constructor(
    private readonly server: Server,
    private readonly host: string,
    port: number,
  ) {
    this.boundPort = port;
  }

  /** The port: as configured until the first `open()`, then the one bound (for 0, the OS's pick). */
  get port(): number {
    return this.boundPort;
  }

  /** Whether it accepts connections. */
  get listening(): boolean {
    return this.server.listening;
  }

  /** Starts accepting connections; resolves once bound. */
  async open(): Promise<void> {
    if (this.server.listening) return;
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        this.server.off('listening', succeed);
        reject(error);
      };
      const succeed = () => {
        this.server.off('error', fail);
        resolve();
      };
      this.server.once('error', fail);
      this.server.once('listening', succeed);
      this.server.listen(this.boundPort, this.host);
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
  }

  /**
   * Stops accepting connections (new ones are refused) and destroys the open ones, idle
   * keep-alive sockets and requests in flight alike; resolves once all are gone.
   */
  async shut(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
