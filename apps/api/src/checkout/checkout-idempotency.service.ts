import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiConfig } from '../config/api.config.js';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyMismatchError,
  IdempotencyKeyRequiredError,
  InvalidIdempotencyKeyError,
} from '../errors/api-errors.js';
import {
  IDEMPOTENCY_STORE,
  type IdempotencyStore,
  type StoredResponse,
} from '../idempotency/idempotency.store.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { fingerprintOf, isValidIdempotencyKey } from './checkout-identity.util.js';
import type { CheckoutRequestDto } from './checkout-request.dto.js';

/** A checkout's answer, and whether it is a replay. */
export interface CheckoutResult extends StoredResponse {
  replayed: boolean;
}

/**
 * The Idempotency-Key protocol of `POST /checkout`: one request at a time per key, the same
 * body for the same key, and the first answer replayed to every later request with it.
 */
@Injectable()
export class CheckoutIdempotencyService {
  private readonly logger = new Logger(CheckoutIdempotencyService.name);

  constructor(
    private readonly config: ApiConfig,
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly metrics: ShopMetrics,
  ) {}

  /** Answers `request` with `answer(key)` once for `key`, or with the answer already stored for it. */
  async once(
    key: string | undefined,
    request: CheckoutRequestDto,
    answer: (key: string) => Promise<StoredResponse>,
  ): Promise<CheckoutResult> {
    if (key === undefined || key === '') throw new IdempotencyKeyRequiredError();
    if (!isValidIdempotencyKey(key)) throw new InvalidIdempotencyKeyError();
    const fingerprint = fingerprintOf(request);
    const claim = await this.store.begin(key, fingerprint, this.config.IDEMPOTENCY_LOCK_MS);
    if (claim.kind === 'mismatch') {
      this.metrics.idempotencyConflict('mismatch');
      throw new IdempotencyKeyMismatchError();
    }
    if (claim.kind === 'in_flight') {
      this.metrics.idempotencyConflict('in_flight');
      throw new IdempotencyKeyInUseError();
    }
    if (claim.kind === 'completed') {
      this.metrics.idempotencyReplayed();
      return { ...claim.response, replayed: true };
    }
    try {
      const response = await answer(key);
      await this.store.complete(key, fingerprint, response, this.config.IDEMPOTENCY_TTL_MS);
      return { ...response, replayed: false };
    } catch (error) {
      // Nothing answered, nothing to replay: the key is free for a retry. (An order stored
      // before the failure is found again by its id, so the retry carries on from it.)
      await this.store
        .release(key, fingerprint)
        .catch((e: Error) => this.logger.warn(`releasing a key failed: ${e.message}`));
      throw error;
    }
  }
}
