import { connect } from 'node:net';

/** What {@link answerWithoutBody} sends. */
export interface BodyNeverSentRequest {
  /** The server, `http://127.0.0.1:<port>`. */
  baseUrl: string;
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  /** The loopback address to send from (a client of its own for per-address limits). */
  localAddress?: string;
}

/**
 * Sends a request's headers announcing a JSON body that never comes, as a slow upload does,
 * and resolves with the raw answer (status line, headers and body) once its body starts: only
 * a server that answers before reading the body answers at all.
 */
export async function answerWithoutBody({
  baseUrl,
  method,
  path,
  headers = {},
  localAddress,
}: BodyNeverSentRequest): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect({ host: hostname, port: Number(port), localAddress });
  const lines = Object.entries({
    host: hostname,
    'content-type': 'application/json',
    ...headers,
    'content-length': '100',
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n{')) resolve(text);
      });
      socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
    });
  } finally {
    socket.destroy();
  }
}
