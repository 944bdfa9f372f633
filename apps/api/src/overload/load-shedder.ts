import type { OverloadSignal } from './overload-signal.js';
import type { RoutePriority, SheddablePriority } from './route-priority.js';

/** The overload a priority is served through: beyond either value, its requests are refused. */
export interface ShedThresholds {
  /** Largest event-loop delay (ms) at which the priority is still served. */
  maxEventLoopDelayMs: number;
  /** Most requests in flight (the one judged included) at which the priority is still served. */
  maxInFlight: number;
}

/**
 * Decides, per request, whether the process serves a route of a given priority now. Each
 * sheddable priority has its thresholds; set browse's below checkout's and browsing is refused
 * first, checkout only at a higher level of overload. `never` is always served.
 */
export class LoadShedder {
  constructor(
    private readonly signal: OverloadSignal,
    private readonly thresholds: Readonly<Record<SheddablePriority, ShedThresholds>>,
  ) {}

  /** Whether a request of `priority` is served now. Reads the signal; changes nothing. */
  admits(priority: RoutePriority): boolean {
    if (priority === 'never') return true;
    const limit = this.thresholds[priority];
    return (
      this.signal.inFlight <= limit.maxInFlight && this.signal.eventLoopDelayMs <= limit.maxEventLoopDelayMs
    );
  }
}
