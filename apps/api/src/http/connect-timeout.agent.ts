import { Agent, type AgentOptions } from 'node:http';
import type { Socket } from 'node:net';

/** An error of a connection that did not open in time; `code` is what the retry classifier knows. */
export class ConnectTimeoutError extends Error {
  override readonly name = 'ConnectTimeoutError';
  readonly code = 'ETIMEDOUT';

  constructor(readonly timeoutMs: number) {
    super(`connect timed out after ${timeoutMs} ms`);
  }
}

/**
 * A keep-alive agent that fails a connection which is not open within `connectTimeoutMs`.
 * node:http has no connect timeout of its own, and axios's `timeout` covers the whole
 * response: without this a blackholed host holds a pool slot for the full read timeout.
 */
export class ConnectTimeoutAgent extends Agent {
  constructor(
    options: AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(
    ...args: Parameters<Agent['createConnection']>
  ): ReturnType<Agent['createConnection']> {
    const socket = super.createConnection(...args) as Socket | undefined;
    if (socket?.connecting) {
      const timer = setTimeout(
        () => socket.destroy(new ConnectTimeoutError(this.connectTimeoutMs)),
        this.connectTimeoutMs,
      );
      const clear = (): void => clearTimeout(timer);
      socket.once('connect', clear);
      socket.once('close', clear);
    }
    return socket as ReturnType<Agent['createConnection']>;
  }
}
