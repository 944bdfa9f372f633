import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { currentDeadline, runWithDeadline } from '@carta/resilience';
import { isAxiosError } from 'axios';
import type { Queue } from 'bullmq';
import { apiMessages } from '../api.messages.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ApiConfig } from '../config/api.config.js';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyMismatchError,
  IdempotencyKeyRequiredError,
  InvalidIdempotencyKeyError,
  PaymentRejectedError,
} from '../errors/api-errors.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore, type StoredResponse } from '../idempotency/idempotency.store.js';
import { InventoryClient } from '../inventory/inventory.client.js';
import type { InventoryStatus, Order, PricedLine } from '../orders/order.js';
import { OrderRepository } from '../orders/order.repository.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { fingerprintOf, isValidIdempotencyKey, orderIdOf } from './checkout-identity.js';
import { CAPTURE_JOB, captureJobIdOf, CHECKOUT_QUEUE, type CaptureJobData } from './checkout-queue.js';
import type { CheckoutRequestDto } from './checkout-request.dto.js';
import { OrderSettlement } from './order-settlement.service.js';
import { InsufficientStockError } from '../errors/api-errors.js';

/** A checkout's answer, and whether it is a replay. */
export interface CheckoutResult extends StoredResponse {
  replayed: boolean;
}

const CURRENCY = 'EUR';

/**
 * Places an order exactly once per Idempotency-Key: price it (live or vouched-for cache),
 * reserve stock (best effort), then charge. When payments cannot answer within the request's
 * budget the order is kept and its capture queued, never dropped and never charged twice.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly config: ApiConfig,
    private readonly catalog: CatalogService,
    private readonly inventory: InventoryClient,
    private readonly payments: PaymentsClient,
    private readonly orders: OrderRepository,
    private readonly settlement: OrderSettlement,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @InjectQueue(CHECKOUT_QUEUE) private readonly queue: Queue<CaptureJobData>,
  ) {}

  async checkout(key: string | undefined, request: CheckoutRequestDto): Promise<CheckoutResult> {
    if (key === undefined || key === '') throw new IdempotencyKeyRequiredError();
    if (!isValidIdempotencyKey(key)) throw new InvalidIdempotencyKeyError();
    const fingerprint = fingerprintOf(request);
    const claim = await this.idempotency.begin(key, fingerprint, this.config.IDEMPOTENCY_LOCK_MS);
    if (claim.kind === 'mismatch') throw new IdempotencyKeyMismatchError();
    if (claim.kind === 'in_flight') throw new IdempotencyKeyInUseError();
    if (claim.kind === 'completed') return { ...claim.response, replayed: true };
    try {
      const response = await this.place(key, request);
      await this.idempotency.complete(key, fingerprint, response, this.config.IDEMPOTENCY_TTL_MS);
      return { ...response, replayed: false };
    } catch (error) {
      // Only placed orders are remembered: a failure frees the key for a retry.
      await this.idempotency.release(key, fingerprint).catch((e: Error) => this.logger.warn(`releasing key failed: ${e.message}`));
      throw error;
    }
  }

  private async place(key: string, request: CheckoutRequestDto): Promise<StoredResponse> {
    const orderId = orderIdOf(key);
    const prices = await this.catalog.pricesOf([...new Set(request.items.map((item) => item.sku))]);
    const items: PricedLine[] = request.items.map((item) => ({ ...item, unitPriceCents: prices.get(item.sku) as number }));
    const amountCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
    const { inventory, reservationId } = await this.reserve(orderId, items);
    const now = new Date().toISOString();
    const order: Order = {
      orderId,
      customerId: request.customerId,
      items,
      amountCents,
      currency: CURRENCY,
      status: 'pending_payment',
      inventory,
      reservationId,
      chargeId: null,
      attempts: 0,
      idempotencyKey: key,
      createdAt: now,
      updatedAt: now,
      lastError: null,
    };
    // Stored before charging: from here on the order survives whatever payments does.
    await this.orders.save(order);
    const location = `/orders/${orderId}`;
    try {
      const charge = await this.withinChargeBudget(() =>
        this.payments.charge({ orderId, customerId: order.customerId, amountCents, currency: CURRENCY }, key),
      );
      await this.settlement.confirm(order, charge);
      return {
        status: 201,
        headers: { location },
        body: { orderId, status: 'confirmed', amountCents, chargeId: charge.chargeId, inventory },
      };
    } catch (error) {
      const rejectedStatus = clientErrorStatusOf(error);
      if (rejectedStatus !== undefined) {
        await this.settlement.fail(order, `payments rejected the charge with HTTP ${rejectedStatus}`);
        throw new PaymentRejectedError(rejectedStatus);
      }
      await this.queueCapture(order, error);
      return {
        status: 202,
        headers: { location },
        body: { orderId, status: 'pending_payment', amountCents, inventory, message: apiMessages.paymentPending() },
      };
    }
  }

  // Inventory that cannot answer does not block a sale: the order goes on, unconfirmed.
  private async reserve(orderId: string, items: PricedLine[]): Promise<{ inventory: InventoryStatus; reservationId: string | null }> {
    try {
      const lines = items.map(({ sku, quantity }) => ({ sku, quantity }));
      return { inventory: 'reserved', reservationId: await this.inventory.reserve(orderId, lines) };
    } catch (error) {
      if (error instanceof InsufficientStockError) throw error;
      this.logger.warn(`order ${orderId}: inventory unavailable (${(error as Error).message}); proceeding unconfirmed`);
      return { inventory: 'unconfirmed', reservationId: null };
    }
  }

  // The charge gets the request's budget minus what storing and queueing the order needs.
  private withinChargeBudget<T>(fn: () => Promise<T>): Promise<T> {
    const requestDeadline = currentDeadline() ?? Date.now() + this.config.REQUEST_TIMEOUT_MS;
    return runWithDeadline(requestDeadline - this.config.CHECKOUT_RESERVE_MS, fn);
  }

  private async queueCapture(order: Order, cause: unknown): Promise<void> {
    this.logger.warn(`order ${order.orderId}: payment not captured now (${describe(cause)}); queued`);
    await this.queue.add(
      CAPTURE_JOB,
      { orderId: order.orderId },
      {
        jobId: captureJobIdOf(order.orderId),
        delay: this.config.CAPTURE_DELAY_MS,
        attempts: this.config.CAPTURE_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.CAPTURE_BACKOFF_MS, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }
}

/** The 4xx payments answered with, if that is how the charge failed: a rejection, not an outage. */
export function clientErrorStatusOf(error: unknown): number | undefined {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429 ? status : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
