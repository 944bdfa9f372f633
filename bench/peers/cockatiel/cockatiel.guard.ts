import { Inject, Injectable } from '@nestjs/common';
import {
  bulkhead,
  BulkheadRejectedError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { DEPENDENCY_NAMES, type DependencyName } from '../../../apps/upstreams/src/faults/dependency-name.js';
import type { DependencyGuard } from '../shared/dependency.guard.js';
import type { PeerPolicy } from '../shared/peer-policies.js';
import { PEER_SETTINGS, type PeerSettings } from '../shared/peer-settings.js';
import { isRejection } from '../shared/upstream-answer.js';

/**
 * cockatiel 4, `wrap(retry, breaker, bulkhead, timeout)` per dependency, set like Carta's
 * policy: its attempts (cockatiel's maxAttempts counts retries only), backoff, consecutive
 * failures, reset timeout, bulkhead and queue, and an aggressive per-attempt timeout whose
 * signal aborts the request.
 */
@Injectable()
export class CockatielGuard implements DependencyGuard {
  private readonly policies: Map<DependencyName, IPolicy>;

  constructor(@Inject(PEER_SETTINGS) { policies }: PeerSettings) {
    this.policies = new Map(DEPENDENCY_NAMES.map((name) => [name, policyOf(policies[name])]));
  }

  run<T>(dependency: DependencyName, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return (this.policies.get(dependency) as IPolicy).execute(({ signal }) => call(signal));
  }
}

// Neither an open breaker nor a full bulkhead is worth a retry: Carta retries neither.
const retryable = (error: unknown): boolean =>
  !isRejection(error) && !isBrokenCircuitError(error) && !(error instanceof BulkheadRejectedError);

function policyOf(policy: PeerPolicy): IPolicy {
  return wrap(
    retry(handleWhen(retryable), {
      maxAttempts: policy.attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: policy.baseDelayMs, maxDelay: policy.maxDelayMs }),
    }),
    circuitBreaker(
      handleWhen((error) => !isRejection(error)),
      { halfOpenAfter: policy.resetTimeoutMs, breaker: new ConsecutiveBreaker(policy.failureThreshold) },
    ),
    bulkhead(policy.maxConcurrent, policy.maxQueue),
    timeout(policy.timeoutMs, TimeoutStrategy.Aggressive),
  );
}
