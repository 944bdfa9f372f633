import type { Socket } from 'node:net';

/** The connections of requests held unanswered in "hang" mode, so they can be cut loose. */
export class HungRequests {
  private readonly sockets = new Set<Socket>();

  /** Holds the request on `socket`; forgets it if the client gives up first. */
  hold(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** How many are held. */
  get size(): number {
    return this.sockets.size;
  }

  /** Destroys every held connection, so no client waits forever. */
  releaseAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
