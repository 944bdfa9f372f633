import * as core from './index.js';

describe('@carta/resilience/core public surface', () => {
  it.each([
    'CircuitBreakerPolicy',
    'BulkheadPolicy',
    'RetryPolicy',
    'RetryBudget',
    'FallbackPolicy',
    'PolicyPipeline',
    'ResiliencePolicy',
    'FakeClock',
    'SystemClock',
    'systemClock',
    'EventStream',
    'runWithDeadline',
    'currentDeadline',
    'backoffDelay',
    'retryAfterMsOf',
    'isTransientError',
    'countsAsFailure',
    'isRetriesExhausted',
    'REJECTED',
    'STOP',
    'BREAKER_STATE_CODES',
  ])('exports %s', (name) => {
    expect(core).toHaveProperty(name);
  });

  it.each([
    ['BrokenCircuitError', 'isBrokenCircuitError'],
    ['BulkheadRejectedError', 'isBulkheadRejectedError'],
    ['AttemptTimeoutError', 'isAttemptTimeoutError'],
    ['DeadlineExceededError', 'isDeadlineExceededError'],
    ['FallbackFailedError', 'isFallbackFailedError'],
  ])('exports %s with its type guard %s', (error, guard) => {
    expect([
      typeof (core as Record<string, unknown>)[error],
      typeof (core as Record<string, unknown>)[guard],
    ]).toEqual(['function', 'function']);
  });

  it.each([
    'OptionReader',
    'TimerHeap',
    'createFastError',
    'defineErrorPrototype',
    'messages',
    'markRetriesExhausted',
    'rejectAfterHandler',
  ])('keeps the internal %s private', (name) => {
    expect(core).not.toHaveProperty(name);
  });
});
