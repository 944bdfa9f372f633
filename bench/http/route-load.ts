import autocannon from 'autocannon';
import type { Measurement } from './http-results.js';
import type { BenchRoute } from './http-routes.js';

/** One load of one route on one subject. */
export interface RouteLoadOptions {
  url: string;
  route: BenchRoute;
  /** Starts every checkout key of this load: unique per subject and load. */
  keyPrefix: string;
  connections: number;
  durationS: number;
  /** Aborting stops the load at once; it then resolves with what it measured so far. */
  signal: AbortSignal;
}

// Far above any answer on loopback: a request this slow counts as an error, not a latency.
const REQUEST_TIMEOUT_S = 10;

/** Loads one route for `durationS` with `connections` keep-alive connections (autocannon `-c`), loopback only. */
export function loadRoute({
  url,
  route,
  keyPrefix,
  connections,
  durationS,
  signal,
}: RouteLoadOptions): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        timeout: REQUEST_TIMEOUT_S,
        requests: [route.request(keyPrefix)],
        // Counted as mismatches: every answer off the happy path, error statuses included.
        verifyBody: (body) => route.isHappy(String(body ?? '')),
      },
      (error, result) => {
        signal.removeEventListener('abort', stop);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          requestsPerSecond: result.duration > 0 ? result.requests.total / result.duration : 0,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          answers: result.requests.total,
          unhappy: result.mismatches,
          errors: result.errors,
          statuses: Object.fromEntries(
            Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0]),
          ),
        });
      },
    );
    const stop = (): void => instance.stop();
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
