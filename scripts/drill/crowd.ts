// The burst's crowd of slow clients: each sends a POST /checkout's headers and holds back its
// body, as a slow upload does. The api counts such a request in flight from the moment it is
// routed (before its body is read), so the crowd holds the count above the browse shed
// threshold for as long as it stays, at no CPU cost to anyone: what the phase measures is
// the shedder's answers, not a machine saturated by the load that tripped it. Each slow client
// comes from a loopback address of its own, so each is within its own rate limit: the limiter
// judges a request as it is routed too, and one address sending the whole crowd would be
// refused 429 past its burst instead of held.
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

// Sources 127.0.1.1 and on: apart from 127.0.0.1, which the drill's lanes send from.
const sourceAddress = (i: number): string => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;

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
      (_, i) =>
        new Promise<boolean>((resolve) => {
          const socket = connect({ host: hostname, port: Number(port), localAddress: sourceAddress(i) }, () =>
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
