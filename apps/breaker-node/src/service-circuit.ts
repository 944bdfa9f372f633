import { CircuitBreakerPolicy, REJECTED, type Clock } from '@carta/resilience/core';
import { messages } from './breaker-node.messages.js';
import type { CallRequest } from './call-request.js';
import { DependencyFailedError } from './dependency-failed.error.js';
import type { Body } from './maelstrom.js';

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

/**
 * One service's breaker and the simulated dependency it guards. The dependency answers
 * as each message dictates: it succeeds unless the message forces failures.
 */
export class ServiceCircuit {
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    readonly service: string,
    { failureThreshold, resetTimeoutMs, clock }: CircuitSettings,
  ) {
    this.breaker = new CircuitBreakerPolicy(service, { failureThreshold, resetTimeoutMs }, { clock });
  }

  /**
   * Runs one `call` message through the breaker (after setting the state it names) and
   * returns the reply body. A message forcing N failures makes N failed calls, one after
   * another; the first is rejected like any call while the breaker is open.
   */
  call(request: CallRequest): Body {
    const { breaker, service } = this;
    const in_reply_to = request.msgId;
    if (request.state !== undefined) breaker.transitionTo(request.state, 'requested');
    const ticket = breaker.tryAcquire();
    if (ticket === REJECTED) return { type: 'error', in_reply_to, error: messages.circuitOpen(), service };
    if (request.forceFailures > 0 || request.outcome === 'failure') return this.fail(ticket, request);
    const probing = breaker.state === 'half_open';
    breaker.onSuccess(ticket);
    const state = breaker.state;
    if (probing && state === 'closed') return { type: 'circuit_breaker_closed', in_reply_to, service, state };
    return { type: 'call_ok', in_reply_to, service, state };
  }

  /**
   * Records the failed calls `request` forces (one for `force_failure`), the first admitted
   * with `ticket`. Once one opens the breaker the rest are never made: an open breaker calls
   * nothing.
   */
  private fail(ticket: number, request: CallRequest): Body {
    const { breaker, service } = this;
    const in_reply_to = request.msgId;
    const count = request.forceFailures > 0 ? request.forceFailures : 1;
    breaker.onFailure(ticket, DEPENDENCY_FAILED);
    // A closed breaker admits every call, so each further ticket is good.
    for (let made = 1; made < count && breaker.state === 'closed'; made++) {
      breaker.onFailure(breaker.tryAcquire(), DEPENDENCY_FAILED);
    }
    const state = breaker.state;
    const failures = breaker.consecutiveFailures;
    // Not closed after a failure means this message opened it (with a zero reset timeout
    // it already reads half-open).
    if (state !== 'closed') return { type: 'circuit_breaker_open', in_reply_to, service, failures };
    return { type: 'error', in_reply_to, error: messages.dependencyFailed(), service, failures, state };
  }
}
