// The burst's crowd of slow clients: each sends a POST /checkout's headers and holds back its
// body, as a slow upload does. The api counts such a request in flight from the moment it is
// routed (before its body is read), so the crowd holds the count above the browse shed
// threshold for as long as it stays, at no CPU cost to anyone: what the phase measures is
// the shedder's answers, not a machine saturated by the load that tripped it.
import { connect, type Socket } from 'node:net';

/** Requests the crowd holds in flight; `release` hangs them all up. */
export interface HeldCrowd {
  /** Requests whose headers were written. */
  readonly held: number;
  /** Closes every connection: the api drops the requests from its count as they close. */
  release(): void;
}

/** What {@link holdRequests} opens. */
export interface CrowdOptions {
  /** The api, `http://127.0.0.1:<port>`: loopback only. */
  apiUrl: string;
  /** Requests to hold, one connection each. */
  count: number;
  /** Released on its own after this long, if not before. */
  maxMs: number;
}

// A body length the crowd never sends: the api waits for it.
const PROMISED_BODY_BYTES = 64;

/** Opens `count` connections, each holding one request; resolves once all are written. */
export async function holdRequests({ apiUrl, count, maxMs }: CrowdOptions): Promise<HeldCrowd> {
  const { hostname, port } = new URL(apiUrl);
  const sockets: Socket[] = [];
  const release = () => {
    clearTimeout(timer);
    for (const socket of sockets) socket.destroy();
  };
  const timer = setTimeout(release, maxMs);
  const written = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<boolean>((resolve) => {
          const socket = connect({ host: hostname, port: Number(port) }, () =>
            socket.write(
              `POST /checkout HTTP/1.1\r\nHost: ${hostname}:${port}\r\ncontent-type: application/json\r\n` +
                `content-length: ${PROMISED_BODY_BYTES}\r\n\r\n`,
              () => resolve(true),
            ),
          );
          // The api may answer or hang up once the crowd is released: nothing to do then.
          socket.on('error', () => resolve(false));
          sockets.push(socket);
        }),
    ),
  );
  return { held: written.filter(Boolean).length, release };
}
