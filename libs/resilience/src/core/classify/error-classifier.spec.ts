import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import {
  countsAsFailure,
  httpStatusOf,
  isNetworkError,
  isResilienceRejection,
  isTransientError,
} from './error-classifier.js';

const withStatus = (status: number): Error => Object.assign(new Error(`HTTP ${status}`), { status });
const withCode = (code: string): Error => Object.assign(new Error(code), { code });

const rejections = [
  ['BrokenCircuitError', new BrokenCircuitError('p', 1)],
  ['BulkheadRejectedError', new BulkheadRejectedError('p', 1, 0)],
  ['DeadlineExceededError', new DeadlineExceededError('p', 1)],
] as const;

describe('httpStatusOf', () => {
  it('reads an axios-like response.status', () => {
    expect(httpStatusOf({ response: { status: 502 } })).toBe(502);
  });

  it('reads status', () => {
    expect(httpStatusOf({ status: 404 })).toBe(404);
  });

  it('reads statusCode', () => {
    expect(httpStatusOf({ statusCode: 503 })).toBe(503);
  });

  it('prefers the response status over the error own status', () => {
    expect(httpStatusOf({ status: 500, response: { status: 429 } })).toBe(429);
  });

  it('ignores a status that is not a number', () => {
    expect(httpStatusOf({ status: '500' })).toBeUndefined();
  });

  it.each([null, undefined, 'boom', 42])('finds no status on %p', (value) => {
    expect(httpStatusOf(value)).toBeUndefined();
  });
});

describe('isNetworkError', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_CONNECT_TIMEOUT',
    'ERR_NETWORK',
  ])('recognises %s', (code) => {
    expect(isNetworkError(withCode(code))).toBe(true);
  });

  it('recognises a network error wrapped as the cause (as undici fetch does)', () => {
    expect(isNetworkError(new TypeError('fetch failed', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('does not recognise other codes', () => {
    expect(isNetworkError(withCode('ERR_INVALID_ARG_TYPE'))).toBe(false);
  });

  it('stops at an error that is its own cause', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isNetworkError(error)).toBe(false);
  });

  it.each([null, 'ECONNRESET'])('does not recognise %p', (value) => {
    expect(isNetworkError(value)).toBe(false);
  });
});

describe('isResilienceRejection', () => {
  it.each(rejections)('recognises a %s', (_, error) => {
    expect(isResilienceRejection(error)).toBe(true);
  });

  it('does not count an attempt timeout as a rejection: the dependency was called', () => {
    expect(isResilienceRejection(new AttemptTimeoutError('p', 1))).toBe(false);
  });
});

describe('isTransientError', () => {
  it.each([500, 502, 503, 504, 429])('retries HTTP %i', (status) => {
    expect(isTransientError(withStatus(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries HTTP %i', (status) => {
    expect(isTransientError(withStatus(status))).toBe(false);
  });

  it('retries network errors', () => {
    expect(isTransientError(withCode('ECONNREFUSED'))).toBe(true);
  });

  it('retries attempt timeouts', () => {
    expect(isTransientError(new AttemptTimeoutError('p', 100))).toBe(true);
  });

  it.each(rejections)('never retries a %s', (_, error) => {
    expect(isTransientError(error)).toBe(false);
  });

  it('never retries an unknown error', () => {
    expect(isTransientError(new Error('something odd'))).toBe(false);
  });

  it('never retries a thrown non-object', () => {
    expect(isTransientError('boom')).toBe(false);
  });
});

describe('countsAsFailure', () => {
  it.each([500, 503, 429])('counts HTTP %i', (status) => {
    expect(countsAsFailure(withStatus(status))).toBe(true);
  });

  it.each([400, 404, 422])('ignores HTTP %i', (status) => {
    expect(countsAsFailure(withStatus(status))).toBe(false);
  });

  it('counts an unknown error', () => {
    expect(countsAsFailure(new Error('garbage'))).toBe(true);
  });

  it('counts an attempt timeout', () => {
    expect(countsAsFailure(new AttemptTimeoutError('p', 1))).toBe(true);
  });

  it.each(rejections)('ignores a %s', (_, error) => {
    expect(countsAsFailure(error)).toBe(false);
  });
});

describe('isNetworkError on cause chains', () => {
  it('finds a network code a few causes deep', () => {
    const socket = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    expect(isNetworkError(new Error('fetch failed', { cause: new Error('undici', { cause: socket }) }))).toBe(
      true,
    );
  });

  it('returns false for a cycle of causes instead of recursing forever', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isNetworkError(a)).toBe(false);
  });
});
