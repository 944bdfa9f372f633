import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { ProcessOverloadSignal } from './process-overload.signal.js';

/** Requests the load shedder refused, by route template. */
export const HTTP_SHED_METRIC = 'http_shed_total';
/** The event-loop delay the load shedder judges by (prom-client's own nodejs_eventloop_lag_* remain). */
export const EVENT_LOOP_DELAY_METRIC = 'nodejs_eventloop_delay_seconds';
/** Requests in flight, as the load shedder counts them. */
export const IN_FLIGHT_METRIC = 'http_server_requests_in_flight';

/**
 * The load shedder's metrics: what it refused, and the two readings it judges by, read from
 * the signal when scraped (a scrape changes nothing).
 */
@Injectable()
export class OverloadMetrics implements OnModuleDestroy {
  private readonly shedRequests = new Counter({
    name: HTTP_SHED_METRIC,
    help: 'Requests refused 503 overloaded by the load shedder, by route template.',
    labelNames: ['route'],
  });

  constructor(signal: ProcessOverloadSignal) {
    new Gauge({
      name: EVENT_LOOP_DELAY_METRIC,
      help: 'Event-loop delay the load shedder judges by: the p99 its last two windows both reached, beyond the 10 ms sampling period.',
      collect() {
        this.set(signal.eventLoopDelayMs / 1000);
      },
    });
    new Gauge({
      name: IN_FLIGHT_METRIC,
      help: 'Requests received and not yet answered, as the load shedder counts them.',
      collect() {
        this.set(signal.inFlight);
      },
    });
  }

  /** Counts one request of `route` (its template) refused. */
  shed(route: string): void {
    this.shedRequests.inc({ route });
  }

  onModuleDestroy(): void {
    for (const name of [HTTP_SHED_METRIC, EVENT_LOOP_DELAY_METRIC, IN_FLIGHT_METRIC])
      register.removeSingleMetric(name);
  }
}
