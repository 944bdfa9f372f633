import { CircuitBreakerPolicy, REJECTED, type Clock } from '@carta/resilience/core';
import { messages } from './breaker-node.messages.js';
import type { CallRequest } from './call-request.js';
import { DependencyFailedError } from './dependency-failed.error.js';
import type { Body } from './maelstrom.js';
import { SimulatedDependency } from './simulated-dependency.js';

/** Breaker settings shared by every service's circuit. */
export interface CircuitSettings {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before it admits a probe. */
  resetTimeoutMs: number;
  clock: Clock;
}

// One instance serves every failure: the breaker only classifies it, and building an
// Error captures a stack (microseconds) on what is the node's hot path.
const DEPENDENCY_FAILED = new DependencyFailedError();

/** One service's breaker and the simulated dependency it guards. */
export class ServiceCircuit {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly dependency = new SimulatedDependency();

  constructor(
    readonly service: string,
    { failureThreshold, resetTimeoutMs, clock }: CircuitSettings,
  ) {
    this.breaker = new CircuitBreakerPolicy(service, { failureThreshold, resetTimeoutMs }, { clock });
  }

  /** Runs one call through the breaker and returns the reply body. */
  call(request: CallRequest): Body {
    const { breaker, service } = this;
    const in_reply_to = request.msgId;
    if (request.state !== undefined) breaker.transitionTo(request.state, 'requested');
    if (request.forceFailures !== undefined) this.dependency.failNext(request.forceFailures);
    const ticket = breaker.tryAcquire();
    if (ticket === REJECTED) return { type: 'error', in_reply_to, error: messages.circuitOpen(), service };
    const probing = breaker.state === 'half_open';
    if (this.dependency.call(request.outcome)) {
      breaker.onSuccess(ticket);
      const state = breaker.state;
      if (probing && state === 'closed')
        return { type: 'circuit_breaker_closed', in_reply_to, service, state };
      return { type: 'call_ok', in_reply_to, service, state };
    }
    breaker.onFailure(ticket, DEPENDENCY_FAILED);
    const state = breaker.state;
    const failures = breaker.snapshot().consecutiveFailures;
    if (state === 'open') return { type: 'circuit_breaker_open', in_reply_to, service, failures };
    return { type: 'error', in_reply_to, error: messages.dependencyFailed(), service, failures, state };
  }
}
