import { Inject, Injectable, Logger } from '@nestjs/common';
import { currentDeadline, runWithDeadline } from '@carta/resilience';
import { apiMessages } from '../api.messages.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ApiConfig } from '../config/api.config.js';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyMismatchError,
  IdempotencyKeyRequiredError,
  InsufficientStockError,
  InvalidIdempotencyKeyError,
} from '../errors/api-errors.js';
import {
  IDEMPOTENCY_STORE,
  type IdempotencyStore,
  type StoredResponse,
} from '../idempotency/idempotency.store.js';
import { InventoryClient } from '../inventory/inventory.client.js';
import type { InventoryStatus, Order, OrderStatus, PricedLine } from '../orders/order.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';
import { chargeRejectionStatusOf } from '../payments/charge-rejection.js';
import { PaymentsClient } from '../payments/payments.client.js';
import { CaptureQueue } from './capture.queue.js';
import { fingerprintOf, isValidIdempotencyKey, orderIdOf } from './checkout-identity.util.js';
import type { CheckoutRequestDto } from './checkout-request.dto.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { ReservationQueue } from './reservation.queue.js';

/** A checkout's answer, and whether it is a replay. */
export interface CheckoutResult extends StoredResponse {
  replayed: boolean;
}

const CURRENCY = 'EUR';
const STATUS_OF_ANSWER: Record<number, OrderStatus> = {
  201: 'confirmed',
  202: 'pending_payment',
  502: 'payment_failed',
};

/**
 * Places an order exactly once per Idempotency-Key: price it (live or vouched-for cache),
 * reserve stock (best effort), store it with its capture scheduled, then charge. When payments
 * cannot answer within the request's budget the scheduled capture finishes the job: an order
 * is never dropped and never charged twice.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly config: ApiConfig,
    private readonly catalog: CatalogService,
    private readonly inventory: InventoryClient,
    private readonly payments: PaymentsClient,
    private readonly captures: CaptureQueue,
    private readonly settlement: OrderSettlementService,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly metrics: ShopMetrics,
    private readonly reservations: ReservationQueue,
  ) {}

  async checkout(key: string | undefined, request: CheckoutRequestDto): Promise<CheckoutResult> {
    if (key === undefined || key === '') throw new IdempotencyKeyRequiredError();
    if (!isValidIdempotencyKey(key)) throw new InvalidIdempotencyKeyError();
    const fingerprint = fingerprintOf(request);
    const claim = await this.idempotency.begin(key, fingerprint, this.config.IDEMPOTENCY_LOCK_MS);
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
      const response = await this.place(key, request);
      this.metrics.orderPlaced(STATUS_OF_ANSWER[response.status]);
      await this.idempotency.complete(key, fingerprint, response, this.config.IDEMPOTENCY_TTL_MS);
      return { ...response, replayed: false };
    } catch (error) {
      // Nothing placed, nothing to replay: the key is free for a retry. (An order stored
      // before the failure is found again by its id, so the retry carries on from it.)
      await this.idempotency
        .release(key, fingerprint)
        .catch((e: Error) => this.logger.warn(`releasing a key failed: ${e.message}`));
      throw error;
    }
  }

  private async place(key: string, request: CheckoutRequestDto): Promise<StoredResponse> {
    const orderId = orderIdOf(key);
    const order = (await this.orders.get(orderId)) ?? (await this.createOrder(orderId, key, request));
    // Scheduled here, not at creation, so a retry of a checkout that died in between schedules it.
    if (order.inventory === 'unconfirmed') await this.reservations.schedule(orderId);
    return this.settle(order);
  }

  private async createOrder(orderId: string, key: string, request: CheckoutRequestDto): Promise<Order> {
    const prices = await this.catalog.pricesOf([...new Set(request.items.map((item) => item.sku))]);
    const items: PricedLine[] = request.items.map((item) => ({
      ...item,
      unitPriceCents: prices.get(item.sku) as number,
    }));
    const { inventory, reservationId } = await this.reserve(orderId, items);
    const now = new Date().toISOString();
    const draft: Order = {
      orderId,
      customerId: request.customerId,
      items,
      amountCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
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
    try {
      return (await this.orders.create(draft)).order;
    } catch (error) {
      if (reservationId) await this.inventory.release(reservationId).catch(() => undefined);
      throw error;
    }
  }

  private async settle(order: Order): Promise<StoredResponse> {
    if (order.status !== 'pending_payment') return answerFor(order);
    await this.captures.schedule(order.orderId);
    const { orderId, customerId, amountCents, currency } = order;
    try {
      const charge = await this.withinChargeBudget(() =>
        this.payments.charge({ orderId, customerId, amountCents, currency }, order.idempotencyKey),
      );
      const confirmed = await this.settlement.confirm(order, charge);
      await this.captures.cancel(orderId);
      return answerFor(confirmed);
    } catch (error) {
      const rejected = chargeRejectionStatusOf(error);
      if (rejected === undefined) {
        this.logger.warn(
          `order ${orderId}: payment not captured now (${describe(error)}); the queued capture will`,
        );
        return answerFor(order);
      }
      const failed = await this.settlement.fail(order, `payments rejected the charge with HTTP ${rejected}`);
      await this.captures.cancel(orderId);
      return answerFor(failed, rejected);
    }
  }

  // Inventory that cannot answer does not block a sale: the order goes on, unconfirmed, and
  // the worker reserves its stock later (LateReservationService).
  private async reserve(
    orderId: string,
    items: PricedLine[],
  ): Promise<{ inventory: InventoryStatus; reservationId: string | null }> {
    try {
      const lines = items.map(({ sku, quantity }) => ({ sku, quantity }));
      return { inventory: 'reserved', reservationId: await this.inventory.reserve(orderId, lines) };
    } catch (error) {
      if (error instanceof InsufficientStockError) throw error;
      this.logger.warn(
        `order ${orderId}: inventory unavailable (${describe(error)}); proceeding unconfirmed`,
      );
      return { inventory: 'unconfirmed', reservationId: null };
    }
  }

  // The charge gets the request's budget minus what answering needs.
  private withinChargeBudget<T>(fn: () => Promise<T>): Promise<T> {
    const requestDeadline = currentDeadline() ?? Date.now() + this.config.REQUEST_TIMEOUT_MS;
    return runWithDeadline(requestDeadline - this.config.CHECKOUT_RESERVE_MS, fn);
  }
}

/** The answer an order in its current state gets (and a replay repeats). */
function answerFor(order: Order, rejectedStatus?: number): StoredResponse {
  const { orderId, amountCents, inventory } = order;
  const headers = { location: `/orders/${orderId}` };
  switch (order.status) {
    case 'confirmed':
      return {
        status: 201,
        headers,
        body: { orderId, status: 'confirmed', amountCents, chargeId: order.chargeId, inventory },
      };
    case 'pending_payment':
      return {
        status: 202,
        headers,
        body: {
          orderId,
          status: 'pending_payment',
          amountCents,
          inventory,
          message: apiMessages.paymentPending(),
        },
      };
    case 'payment_failed':
      return {
        status: 502,
        headers,
        body: { error: 'payment_rejected', message: apiMessages.paymentRejected(rejectedStatus), orderId },
      };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
