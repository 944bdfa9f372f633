import type { HealthIndicatorResult } from '@nestjs/terminus';

/**
 * The checkout queue's part of `/health/ready`, provided by CheckoutModule for the process's
 * role: the checkout worker runs (worker roles), or the producer reaches the queue (api role).
 */
export abstract class CheckoutQueueReadiness {
  /** Up or down, under the key the role reports (`capture_worker` or `queue`). */
  abstract check(): Promise<HealthIndicatorResult>;
}
