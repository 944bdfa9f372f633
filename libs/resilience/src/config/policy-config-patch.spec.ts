import { InvalidPolicyConfigError } from '../core/index.js';
import { parsePolicyConfigPatch } from './policy-config-patch.js';

function failureOf(body: unknown): InvalidPolicyConfigError {
  try {
    parsePolicyConfigPatch('payments', body);
  } catch (error) {
    if (error instanceof InvalidPolicyConfigError) return error;
    throw error;
  }
  throw new Error('expected an InvalidPolicyConfigError');
}

describe('parsePolicyConfigPatch', () => {
  it('accepts the options that can be set from the environment, in the nested PolicyConfig shape', () => {
    const body = {
      circuitBreaker: { failureThreshold: 3, slidingWindow: { type: 'time', size: 30 } },
      retry: { maxAttempts: 2, backoff: 'constant', budget: { maxTokens: 5 } },
      timeoutMs: 1_500,
      deadlineCutFailureShare: 0.25,
      bulkhead: { maxConcurrent: 8, queueTimeoutMs: 200 },
    };
    expect(parsePolicyConfigPatch('payments', body)).toEqual(body);
  });

  it('accepts null for an option (its default) and for a section (which reconfigure judges)', () => {
    const body = { circuitBreaker: { failureRateThreshold: null }, bulkhead: null };
    expect(parsePolicyConfigPatch('payments', body)).toEqual(body);
  });

  it.each<[unknown, string, string]>([
    [
      { circuitBreaker: { isFailure: 'x' } },
      'circuitBreaker.isFailure',
      'is not an option that can be changed at runtime',
    ],
    [{ fallback: { on: ['timeout'] } }, 'fallback', 'is not an option that can be changed at runtime'],
    [{ timeoutMs: '1500' }, 'timeoutMs', 'must be a number or null, got "1500"'],
    [{ retry: { backoff: 2 } }, 'retry.backoff', 'must be a string or null, got 2'],
    [{ circuitBreaker: { slidingWindow: 30 } }, 'circuitBreaker.slidingWindow', 'must be an object, got 30'],
    [{ bulkhead: [] }, 'bulkhead', 'must be an object, got []'],
    [[], 'patch', 'must be an object, got []'],
  ])('refuses %j, naming %s', (body, path, problem) => {
    const error = failureOf(body);
    expect({ policy: error.policy, path: error.path, problem: error.problem }).toEqual({
      policy: 'payments',
      path,
      problem,
    });
  });
});
