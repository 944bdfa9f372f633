import { HttpException } from '@nestjs/common';
import {
  AttemptTimeoutError,
  BrokenCircuitError,
  BulkheadRejectedError,
  DeadlineExceededError,
  FallbackFailedError,
  httpStatusOf,
  isInvalidDeadlineError,
  isInvalidPolicyConfigError,
  UnknownPolicyError,
} from '@carta/resilience';
import { apiMessages } from '../api.messages.js';
import { isRedisUnavailableError } from '../redis/redis-unavailable.js';
import { isApiError } from './api.error.js';
import { UpstreamContractError } from './upstream-contract.error.js';

/** What the filter sends: a status, `{ error, message }` and maybe Retry-After. */
export interface ErrorResponse {
  status: number;
  body: { error: string; message: string };
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
  /** True for failures nobody anticipated, which the filter logs with their stack. */
  unexpected?: boolean;
}

// Long enough for a restarted Redis or a failover; the clients reconnect within it.
const STORAGE_RETRY_AFTER_S = 2;
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
const answer = (
  status: number,
  error: string,
  message: string,
  retryAfterSeconds?: number,
): ErrorResponse => ({
  status,
  body: { error, message },
  retryAfterSeconds,
});

/** Maps any thrown value to the answer a client gets. The one place errors meet HTTP statuses. */
export function toErrorResponse(exception: unknown, limits: { bodyLimit: number }): ErrorResponse {
  if (isApiError(exception)) {
    return {
      ...answer(exception.status, exception.code, exception.message, exception.retryAfterSeconds),
      headers: exception.headers,
    };
  }
  if (exception instanceof FallbackFailedError) return toErrorResponse(exception.fallbackError, limits);
  if (exception instanceof BrokenCircuitError) {
    // An operator's forced_open lifts only by hand: no honest Retry-After to give.
    if (exception.retryAfterMs === null)
      return answer(503, 'dependency_unavailable', apiMessages.dependencyHeldOpen(exception.policy));
    const wait = seconds(exception.retryAfterMs);
    return answer(
      503,
      'dependency_unavailable',
      apiMessages.dependencyUnavailable(exception.policy, wait),
      wait,
    );
  }
  if (exception instanceof BulkheadRejectedError) {
    return answer(503, 'dependency_busy', apiMessages.dependencyBusy(exception.policy), 1);
  }
  if (exception instanceof DeadlineExceededError)
    return answer(504, 'deadline_exceeded', apiMessages.deadlineExceeded());
  if (exception instanceof AttemptTimeoutError) {
    return answer(504, 'dependency_timeout', apiMessages.dependencyTimeout(exception.policy));
  }
  if (exception instanceof UnknownPolicyError) return answer(404, 'unknown_policy', exception.message);
  if (isInvalidDeadlineError(exception)) return answer(400, 'invalid_deadline', exception.message);
  // Thrown at boot too, where it never reaches a request: here, an admin's invalid runtime change.
  if (isInvalidPolicyConfigError(exception)) return answer(400, 'invalid_policy_config', exception.message);
  if (exception instanceof HttpException) return fromHttpException(exception, limits.bodyLimit);
  const fastify = fromFastifyError(exception, limits.bodyLimit);
  if (fastify) return fastify;
  if (exception instanceof UpstreamContractError) return answer(502, 'dependency_failed', exception.message);
  if (isAxiosError(exception))
    return answer(502, 'dependency_failed', apiMessages.dependencyFailed(httpStatusOf(exception)));
  if (isRedisUnavailableError(exception))
    return answer(503, 'storage_unavailable', apiMessages.storageUnavailable(), STORAGE_RETRY_AFTER_S);
  return { ...answer(500, 'internal_error', apiMessages.internal()), unexpected: true };
}

// Nest's Fastify adapter hands body-parser failures over as plain HttpExceptions.
function fromHttpException(exception: HttpException, bodyLimit: number): ErrorResponse {
  const status = exception.getStatus();
  const health = healthReportOf(exception);
  if (health) return { status, body: health };
  if (status === 404) return answer(404, 'not_found', exception.message);
  if (status === 413) return answer(413, 'payload_too_large', apiMessages.payloadTooLarge(bodyLimit));
  if (status === 415) return answer(415, 'unsupported_media_type', apiMessages.unsupportedMediaType());
  if (status === 400 && /JSON/i.test(exception.message))
    return answer(400, 'invalid_json', apiMessages.invalidJson());
  const code = exception.name
    .replace(/Exception$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return answer(status, code === 'http' || code === '' ? 'bad_request' : code, exception.message);
}

// Fastify rejects malformed, oversized or mistyped bodies before any handler runs.
function fromFastifyError(exception: unknown, bodyLimit: number): ErrorResponse | undefined {
  const { code, statusCode } = (exception ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number')
    return undefined;
  if (statusCode === 413) return answer(413, 'payload_too_large', apiMessages.payloadTooLarge(bodyLimit));
  if (statusCode === 415) return answer(415, 'unsupported_media_type', apiMessages.unsupportedMediaType());
  if (code.includes('JSON') || code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return answer(400, 'invalid_json', apiMessages.invalidJson());
  // The router's own refusals, before any route or hook: see bootstrap's frameworkErrors.
  if (code === 'FST_ERR_BAD_URL') return answer(400, 'invalid_url', apiMessages.invalidUrl());
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return answer(414, 'uri_too_long', apiMessages.uriTooLong());
  if (statusCode >= 400 && statusCode < 500)
    return answer(statusCode, 'bad_request', (exception as Error).message);
  return undefined;
}

// Terminus reports a failed check as a 503 whose body is the whole report: keep the report
// (load balancers and operators read it), adding the message every error body has.
function healthReportOf(exception: HttpException): ErrorResponse['body'] | undefined {
  const report = exception.getResponse() as { status?: unknown; error?: unknown; details?: unknown };
  if (
    typeof report !== 'object' ||
    report === null ||
    report.status !== 'error' ||
    report.details === undefined
  )
    return undefined;
  const failing = Object.keys((report.error as Record<string, unknown>) ?? {});
  return { ...report, message: apiMessages.notReady(failing) } as unknown as ErrorResponse['body'];
}

const isAxiosError = (e: unknown): boolean => (e as { isAxiosError?: unknown } | null)?.isAxiosError === true;
