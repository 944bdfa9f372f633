/** The gauge of the checkout queue's depth, one series per job state. */
export const CHECKOUT_QUEUE_JOBS_METRIC = 'checkout_queue_jobs';

/** The `state` label values of {@link CHECKOUT_QUEUE_JOBS_METRIC}. */
export const CHECKOUT_QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** One of {@link CHECKOUT_QUEUE_JOB_STATES}. */
export type CheckoutQueueJobState = (typeof CHECKOUT_QUEUE_JOB_STATES)[number];
