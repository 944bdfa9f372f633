import type { EventLoopDelaySampler } from './event-loop-delay.sampler.js';
import type { InFlightRequests } from './in-flight-requests.js';
import type { OverloadSignal } from './overload-signal.js';

/** This process's overload: its event loop's delay and its requests in flight. */
export class ProcessOverloadSignal implements OverloadSignal {
  constructor(
    private readonly eventLoop: EventLoopDelaySampler,
    private readonly requests: InFlightRequests,
  ) {}

  get eventLoopDelayMs(): number {
    return this.eventLoop.delayMs;
  }

  get inFlight(): number {
    return this.requests.count;
  }
}
