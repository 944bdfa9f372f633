import { HttpException, NotFoundException } from '@nestjs/common';
import {
  AttemptTimeoutError,
  BrokenCircuitError,
  BulkheadRejectedError,
  DeadlineExceededError,
  FallbackFailedError,
} from '@carta/resilience';
import { ConnectionClosedError } from 'bullmq';
import { errorCodes } from 'fastify';
import { BodyTooDeepError, CatalogUnavailableError, IdempotencyKeyInUseError } from './api-errors.js';
import { toErrorResponse } from './error-response.js';

const map = (error: unknown) => toErrorResponse(error, { bodyLimit: 65_536 });

describe('toErrorResponse', () => {
  it('answers an ApiError with its own status, code and Retry-After', () => {
    expect(map(new IdempotencyKeyInUseError())).toMatchObject({
      status: 409,
      body: { error: 'idempotency_key_in_use', message: expect.any(String) },
      retryAfterSeconds: 1,
    });
  });

  it('maps a breaker an operator holds forced_open to 503 without a Retry-After it cannot know', () => {
    const response = map(new BrokenCircuitError('payments', null));
    expect(response).toMatchObject({
      status: 503,
      body: { error: 'dependency_unavailable', message: expect.stringContaining('operator') },
    });
    expect(response.retryAfterSeconds).toBeUndefined();
  });

  it('maps an open breaker to 503 with Retry-After rounded up to whole seconds', () => {
    expect(map(new BrokenCircuitError('payments', 2_300))).toMatchObject({
      status: 503,
      body: { error: 'dependency_unavailable' },
      retryAfterSeconds: 3,
    });
  });

  it('maps a full bulkhead to 503 with Retry-After', () => {
    expect(map(new BulkheadRejectedError('inventory', 5, 0))).toMatchObject({
      status: 503,
      body: { error: 'dependency_busy' },
      retryAfterSeconds: 1,
    });
  });

  it('maps a spent deadline to 504', () => {
    expect(map(new DeadlineExceededError('payments', 3_000))).toMatchObject({
      status: 504,
      body: { error: 'deadline_exceeded' },
    });
  });

  it('maps an attempt timeout that escaped to 504', () => {
    expect(map(new AttemptTimeoutError('catalog', 800))).toMatchObject({
      status: 504,
      body: { error: 'dependency_timeout' },
    });
  });

  it('answers a failed fallback with what the fallback threw', () => {
    const error = new FallbackFailedError('catalog', new Error('down'), new CatalogUnavailableError(5));
    expect(map(error)).toMatchObject({
      status: 503,
      body: { error: 'catalog_unavailable' },
      retryAfterSeconds: 5,
    });
  });

  it('maps body-parser failures handed over as HttpExceptions', () => {
    expect(
      map(new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400)),
    ).toMatchObject({
      status: 400,
      body: { error: 'invalid_json' },
    });
    expect(map(new HttpException('Request body is too large', 413))).toMatchObject({
      status: 413,
      body: { error: 'payload_too_large' },
    });
    expect(map(new HttpException('Unsupported Media Type', 415))).toMatchObject({
      status: 415,
      body: { error: 'unsupported_media_type' },
    });
  });

  it("maps the router's refusals of a malformed URL and an over-long path parameter", () => {
    expect(map(new errorCodes.FST_ERR_BAD_URL('/orders/%ZZ'))).toMatchObject({
      status: 400,
      body: { error: 'invalid_url' },
    });
    expect(map(new errorCodes.FST_ERR_MAX_PARAM_LENGTH('/orders/aaa'))).toMatchObject({
      status: 414,
      body: { error: 'uri_too_long' },
    });
  });

  it('maps an unknown route to 404 not_found', () => {
    expect(map(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'Cannot GET /nope' },
    });
  });

  it('maps a dependency error that escaped to 502', () => {
    const axiosLike = Object.assign(new Error('Request failed with status code 500'), {
      isAxiosError: true,
      response: { status: 500 },
    });
    expect(map(axiosLike)).toMatchObject({ status: 502, body: { error: 'dependency_failed' } });
  });

  // The Redis clients' own errors are recognised in redis/redis-unavailable.spec.ts, made by the real clients.
  it.each([
    ['a command timeout', new Error('Command timed out')],
    ['a refused command', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a closed connection', new Error('Connection is closed.')],
    ['a closed BullMQ connection', new ConnectionClosedError()],
  ])('maps %s of Redis to 503 storage_unavailable with Retry-After', (_, error) => {
    const response = map(error);
    expect(response).toMatchObject({
      status: 503,
      body: { error: 'storage_unavailable', message: expect.stringContaining('Storage is unavailable') },
      retryAfterSeconds: 2,
    });
    expect(response.unexpected).toBeUndefined();
  });

  it('maps a body nested too deep to 400 invalid_request naming the limit', () => {
    expect(map(new BodyTooDeepError(32))).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', message: expect.stringContaining('deeper than 32 levels') },
    });
  });

  it('answers anything else 500 internal_error without leaking its message, and marks it for logging', () => {
    const response = map(new TypeError('secret detail'));
    expect(response).toMatchObject({ status: 500, body: { error: 'internal_error' }, unexpected: true });
    expect(response.body.message).not.toContain('secret');
  });
});
