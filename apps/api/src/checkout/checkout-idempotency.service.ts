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

/** What `once` does for a key: a read sent alongside the key's claim, then the answer. */
export interface KeyedAnswer<T> {
  /**
   * A read the answer needs, sent with the claim so that the two cost one wait. It runs before
   * the claim's outcome is known, so it must change nothing; it is dropped unless the claim is ours.
   */
  read(key: string): Promise<T>;
  /** The answer, given what `read` found; runs only for the request that holds the key. */
  answer(key: string, read: T): Promise<StoredResponse>;
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

  /** Answers `request` with `work.answer` once for `key`, or with the answer already stored for it. */
  async once<T>(
    key: string | undefined,
    request: CheckoutRequestDto,
    work: KeyedAnswer<T>,
  ): Promise<CheckoutResult> {
    if (key === undefined || key === '') throw new IdempotencyKeyRequiredError();
    if (!isValidIdempotencyKey(key)) throw new InvalidIdempotencyKeyError();
    const fingerprint = fingerprintOf(request);
    const claiming = this.store.begin(key, fingerprint, this.config.IDEMPOTENCY_LOCK_MS);
    const reading = work.read(key);
    // A read the claim makes useless (or a claim that failed) must not leave a rejection unheard;
    // the answer below still awaits `reading` and sees its failure.
    reading.catch(() => undefined);
    const claim = await claiming;
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
      const response = await work.answer(key, await reading);
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
