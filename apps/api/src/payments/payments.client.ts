import { Injectable } from '@nestjs/common';
import { PolicyRegistry, Resilient } from '@carta/resilience';
import { isAxiosError } from 'axios';
import { UpstreamContractError } from '../errors/upstream-contract.error.js';
import { ApiConfig } from '../config/api.config.js';
import { DependencyClient } from '../http/dependency.client.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { PAYMENTS } from '../resilience/dependency-policies.js';
import type { Charge, ChargeLookup, ChargeRequest } from './charge.js';

/**
 * The payments service over HTTP, behind the `payments` policy. Every attempt, retries and
 * queued captures included, sends the order's Idempotency-Key: payments charges a key once,
 * so a retry after a lost response returns the first charge instead of making a second.
 */
@Resilient(PAYMENTS)
@Injectable()
export class PaymentsClient extends DependencyClient {
  constructor(config: ApiConfig, policies: PolicyRegistry, metrics: ShopMetrics) {
    super(PAYMENTS, config.PAYMENTS_URL, policies, config.CONNECT_TIMEOUT_MS, metrics);
  }

  /** Charges once per key. A 4xx rejects with the axios error: not retried, not a breaker failure. */
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

  /**
   * The charge payments made under `idempotencyKey`, or definitely none (its `404
   * charge_not_found`). Behind the same policy as `charge`, so a failing payments trips one
   * breaker; the lookup is a read, so retrying it is always safe. Any answer that does not say
   * one way or the other (a timeout, a reset, a 5xx, a 404 from a payments without this route)
   * rejects: the caller must not take it for "no charge".
   */
  async findCharge(idempotencyKey: string): Promise<ChargeLookup> {
    try {
      const { data } = await this.send<Partial<Charge>>('GET /charges?idempotencyKey', {
        url: '/charges',
        params: { idempotencyKey },
      });
      if (typeof data?.chargeId !== 'string' || typeof data.orderId !== 'string')
        throw new UpstreamContractError(PAYMENTS, 'no chargeId or orderId in the charge looked up');
      return { kind: 'found', charge: data as Charge };
    } catch (error) {
      if (!isAxiosError<{ error?: unknown }>(error) || error.response?.status !== 404) throw error;
      // Only payments' own "nothing under this key" is a definite none; a bare 404 is a wrong URL.
      if (error.response.data?.error !== 'charge_not_found')
        throw new UpstreamContractError(PAYMENTS, 'a 404 without charge_not_found to a charge lookup');
      return { kind: 'none' };
    }
  }
}
