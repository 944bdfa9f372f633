/** The BullMQ queue of payments to capture. */
export const CHECKOUT_QUEUE = 'checkout';
/** Name of a capture job. */
export const CAPTURE_JOB = 'capture';

/** Data of a capture job: the order carries everything else. */
export interface CaptureJobData {
  orderId: string;
}

/** One job per order: adding it twice is a no-op, so a retried checkout cannot queue two captures. */
export const captureJobIdOf = (orderId: string): string => `capture-${orderId}`;
