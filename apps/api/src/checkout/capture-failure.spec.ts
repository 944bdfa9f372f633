import { BrokenCircuitError, BulkheadRejectedError } from '@carta/resilience';
import { nextStepAfterCaptureFailure } from './capture-failure.js';

const http = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { isAxiosError: true, response: { status } });
const network = (code: string) => Object.assign(new Error(code), { isAxiosError: true, code });

describe('nextStepAfterCaptureFailure', () => {
  it.each([
    ['a reset connection', network('ECONNRESET')],
    ['a timeout after sending', network('ECONNABORTED')],
    ['a 5xx', http(503)],
    ['a 408', http(408)],
    ['a 429', http(429)],
    ['an unknown error', new Error('socket hang up')],
  ])('asks payments, never fails the order, after %s on the last attempt', (_case, error) => {
    expect(nextStepAfterCaptureFailure(error, { lastAttempt: true })).toBe('reconcile');
  });

  it('retries an answerless attempt that is not the last', () => {
    expect(nextStepAfterCaptureFailure(network('ECONNRESET'), { lastAttempt: false })).toBe('retry');
  });

  it.each([
    [402, false],
    [422, false],
    [422, true],
  ])('declines on a %d rejection (last attempt: %s)', (status, lastAttempt) => {
    expect(nextStepAfterCaptureFailure(http(status), { lastAttempt })).toBe('decline');
  });

  it.each([
    ['the breaker is open', new BrokenCircuitError('payments', 1_000)],
    ['the pool is full', new BulkheadRejectedError('payments', 20, 20)],
  ])('waits, even on the last attempt, when %s: payments was not called', (_case, error) => {
    expect(nextStepAfterCaptureFailure(error, { lastAttempt: true })).toBe('wait');
  });
});
