/** The checkout queue: the BullMQ queue of capture and reservation jobs, run by the checkout worker. */
export const CHECKOUT_QUEUE = 'checkout';
/** Name of a capture job. */
export const CAPTURE_JOB = 'capture';
/** Name of a reservation job: stock for an order placed while inventory could not answer. */
export const RESERVATION_JOB = 'reservation';

/** Data of a capture job: the order carries everything else. */
export interface CaptureJobData {
  orderId: string;
  /**
   * Set once the last attempt got no definite answer: from then on the job asks payments what
   * it holds under the order's key instead of charging, until payments can say.
   */
  reconciling?: ReconcilingState;
}

/** Where a capture job's questions to payments stand. */
export interface ReconcilingState {
  /** Epoch ms before which payments is not asked: the lost requests must be over there first. */
  notBefore: number;
  /** Lookups payments could not answer so far; the wait between them grows with it. */
  unanswered: number;
}

/** One job per order: adding it twice is a no-op, so a retried checkout cannot queue two captures. */
export const captureJobIdOf = (orderId: string): string => `capture-${orderId}`;

/** One reservation job per order, as for captures. */
export const reservationJobIdOf = (orderId: string): string => `reservation-${orderId}`;
