// @carta/resilience/http: deadlines across hops. Sending: the current deadline as headers
// (and the attempt's cancellation) on axios, @nestjs/axios and fetch requests. Receiving: the
// parser DeadlineInterceptor uses. axios and @nestjs/axios are only ever imported as types.
export { DEADLINE_HEADER, TIMEOUT_HEADER } from './deadline-headers.constants.js';
export { createDeadlineFetch, deadlineFetch, type DeadlineFetchOptions } from './deadline.fetch.js';
export {
  deadlineFromHeaders,
  requestDeadline,
  type DeadlineFromHeadersOptions,
  type RequestDeadlineOptions,
  type IncomingHeaders,
} from './deadline-headers.parser.js';
export { useHttpServiceDeadlines, useOutboundDeadlines } from './axios-deadlines.interceptor.js';
export { AttemptAbortSignal } from './attempt-abort.signal.js';
export { outboundDeadlineHeaders } from './outbound-deadline-headers.js';
export type { OutboundDeadlineOptions } from './outbound-deadline.options.js';
export {
  InvalidDeadlineError,
  isInvalidDeadlineError,
  type DeadlineHeaderFormat,
} from '../errors/invalid-deadline.error.js';
