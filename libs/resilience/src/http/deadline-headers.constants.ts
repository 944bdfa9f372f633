/** Header carrying a request's deadline as absolute epoch milliseconds, e.g. `1767225600000`. */
export const DEADLINE_HEADER = 'x-request-deadline';

/**
 * Header carrying the milliseconds left of a request's budget, relative as gRPC's
 * `grpc-timeout` is: clock skew between hosts cannot stretch it, where it can the absolute one.
 */
export const TIMEOUT_HEADER = 'x-request-timeout-ms';
