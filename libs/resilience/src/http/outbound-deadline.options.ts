import type { Clock } from '../core/index.js';

/** How the outbound helpers read the current deadline. */
export interface OutboundDeadlineOptions {
  /** The policies' clock, on which the deadlines in the async scope run. @default systemClock */
  clock?: Clock;
}
