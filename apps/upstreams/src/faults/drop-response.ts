import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Sends the start of a response, then resets the connection: the client has begun reading
 * an answer when it dies, as when a proxy or the network drops a response the service has
 * already acted on. Clients see ECONNRESET ("socket hang up", undici's "other side closed").
 */
export function dropResponse(socket: Socket, statusCode: number): void {
  const partial = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\nContent-Type: applic`;
  // Reset only once the bytes are handed to the kernel, so the client does receive them.
  socket.write(partial, () => {
    // A socket the client already closed has no connection left to reset.
    if (!socket.destroyed) socket.resetAndDestroy();
  });
}
