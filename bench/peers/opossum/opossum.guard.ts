import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { DEPENDENCY_NAMES, type DependencyName } from '../../../apps/upstreams/src/faults/dependency-name.js';
import type { DependencyGuard } from '../shared/dependency.guard.js';
import type { PeerPolicy } from '../shared/peer-policies.js';
import { PEER_SETTINGS, type PeerSettings } from '../shared/peer-settings.js';
import { isRejection } from '../shared/upstream-answer.js';

type Call = (signal: AbortSignal | undefined) => Promise<unknown>;

/**
 * opossum 10, one breaker per dependency, set like Carta's policy where opossum has the knob:
 * the attempt timeout, the failure rate over a rolling window, the reset timeout, and a
 * capacity of Carta's bulkhead size plus its queue (opossum cannot queue, so it admits as many
 * calls as Carta runs or holds). opossum has no retry and no consecutive-failure count; its
 * timeout rejects the call without aborting the request.
 */
@Injectable()
export class OpossumGuard implements DependencyGuard, OnApplicationShutdown {
  private readonly breakers: Map<DependencyName, CircuitBreaker<[Call], unknown>>;

  constructor(@Inject(PEER_SETTINGS) { policies }: PeerSettings) {
    this.breakers = new Map(DEPENDENCY_NAMES.map((name) => [name, breakerOf(policies[name])]));
  }

  run<T>(dependency: DependencyName, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return (this.breakers.get(dependency) as CircuitBreaker<[Call], unknown>).fire(call) as Promise<T>;
  }

  onApplicationShutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }
}

function breakerOf(policy: PeerPolicy): CircuitBreaker<[Call], unknown> {
  return new CircuitBreaker((call: Call) => call(undefined), {
    timeout: policy.timeoutMs,
    resetTimeout: policy.resetTimeoutMs,
    errorThresholdPercentage: policy.failureRatePercent,
    rollingCountTimeout: policy.windowMs,
    volumeThreshold: policy.minimumCalls,
    capacity: policy.maxConcurrent + policy.maxQueue,
    // A dependency's "no" (404, 409, a rejected charge) is an answer: not a failure.
    errorFilter: isRejection,
  });
}
