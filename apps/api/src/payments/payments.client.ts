import { Inject, Injectable } from '@nestjs/common';
import { Bulkhead, CircuitBreaker, Retry, Timeout } from '@carta/resilience';
import { UpstreamContractError } from '../errors/upstream-contract.error.js';
import { ApiConfig } from '../config/api.config.js';
import { DependencyClient } from '../http/dependency.client.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { PAYMENTS } from '../resilience/dependency-policies.js';
import { RESOLVED_POLICIES, type ResolvedPolicies } from '../resilience/resolved-policies.js';
import type { Charge, ChargeRequest } from './charge.js';

/**
 * The payments service over HTTP, behind the `payments` policy. Every attempt, retries and
 * queued captures included, sends the order's Idempotency-Key: payments charges a key once,
 * so a retry after a lost response returns the first charge instead of making a second.
 */
@Injectable()
export class PaymentsClient extends DependencyClient {
  constructor(
    config: ApiConfig,
    @Inject(RESOLVED_POLICIES) policies: ResolvedPolicies,
    metrics: ShopMetrics,
  ) {
    super(PAYMENTS, config.PAYMENTS_URL, policies[PAYMENTS], config.CONNECT_TIMEOUT_MS, metrics);
  }

  /** Charges once per key. A 4xx rejects with the axios error: not retried, not a breaker failure. */
  @CircuitBreaker(PAYMENTS)
  @Retry(PAYMENTS)
  @Timeout(PAYMENTS)
  @Bulkhead(PAYMENTS)
  async charge(request: ChargeRequest, idempotencyKey: string): Promise<Charge> {
    const { data } = await this.send<Partial<Charge>>('POST /charges', {
      method: 'POST',
      url: '/charges',
      data: request,
      headers: { 'idempotency-key': idempotencyKey },
    });
    if (typeof data?.chargeId !== 'string') throw new UpstreamContractError(PAYMENTS, 'no chargeId');
    return data as Charge;
  }
}
