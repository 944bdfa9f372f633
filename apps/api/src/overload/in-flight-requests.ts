/** What {@link InFlightRequests} needs of a response: Node's `ServerResponse` emits `close` exactly once. */
export interface ClosableResponse {
  on(event: 'close', listener: () => void): unknown;
}

/**
 * Counts requests whose client still waits for an answer. A request leaves the count when its
 * response closes: answered, or its connection gone. The latter matters: Fastify runs no
 * onResponse hook for a request whose client gave up, and a count that leaked those would
 * shed for good. Work a gone client left behind (its handler still running) is not counted;
 * the request budget bounds it.
 */
export class InFlightRequests {
  private inFlight = 0;

  /** Requests in flight now. */
  get count(): number {
    return this.inFlight;
  }

  /** Counts a request until `response` closes. */
  track(response: ClosableResponse): void {
    this.inFlight++;
    response.on('close', this.release);
  }

  private readonly release = (): void => {
    this.inFlight--;
  };
}
