import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';

/** Decides whether an error counts (for a breaker) or may be retried (for a retry). */
export type ErrorPredicate = (error: unknown) => boolean;

// Socket-level failures from node:net, undici and axios: the dependency did not answer.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The HTTP status an error carries (`status`, `statusCode` or axios' `response.status`). */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  const status = e.response?.status ?? e.status ?? e.statusCode;
  return typeof status === 'number' ? status : undefined;
}

// Deep enough for fetch -> undici -> socket error chains; bounded so a cycle cannot recurse forever.
const MAX_CAUSE_DEPTH = 5;

/** True for socket-level errors: refused, reset, DNS, connect/read timeouts (also as a `cause`). */
export function isNetworkError(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH; depth++) {
    if (typeof current !== 'object' || current === null) return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True for errors produced by these policies rejecting a call without running it. */
export function isResilienceRejection(error: unknown): boolean {
  return (
    error instanceof BrokenCircuitError ||
    error instanceof BulkheadRejectedError ||
    error instanceof DeadlineExceededError
  );
}

/**
 * Default retry predicate: network errors, attempt timeouts, HTTP 5xx and 429.
 * Never other 4xx, never the policies' own rejections, never unknown errors (a retry of an
 * unclassified failure may repeat a side effect).
 */
export const isTransientError: ErrorPredicate = (error) => {
  if (error instanceof AttemptTimeoutError) return true;
  if (isResilienceRejection(error)) return false;
  const status = httpStatusOf(error);
  if (status !== undefined) return status >= 500 || status === 429;
  return isNetworkError(error);
};

/**
 * Default breaker predicate: everything a retry would retry, plus unclassified errors
 * (a dependency that answers garbage is failing). HTTP 4xx other than 429 and the
 * policies' own rejections are ignored: they say nothing about the dependency's health.
 */
export const countsAsFailure: ErrorPredicate = (error) => {
  if (isResilienceRejection(error)) return false;
  const status = httpStatusOf(error);
  if (status !== undefined) return status >= 500 || status === 429;
  return true;
};
