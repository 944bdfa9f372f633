import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { checkoutAnswerOf } from '../../../apps/api/src/checkout/checkout-answer.mapper.js';
import type { CheckoutRequestDto } from '../../../apps/api/src/checkout/checkout-request.dto.js';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyMismatchError,
  IdempotencyKeyRequiredError,
  UnknownSkuError,
} from '../../../apps/api/src/errors/api-errors.js';
import type { StoredResponse } from '../../../apps/api/src/idempotency/idempotency.store.js';
import type { Order, PricedLine } from '../../../apps/api/src/orders/order.js';
import type { Charge } from '../../../apps/api/src/payments/charge.js';
import { CaptureQueue } from './capture.queue.js';
import { CatalogService } from './catalog.service.js';
import { CheckoutRecords } from './checkout.records.js';
import { DEPENDENCY_GUARD, type DependencyGuard } from './dependency.guard.js';
import { InventoryService } from './inventory.service.js';
import { UpstreamClients } from './upstream.clients.js';
import { isRejection, statusOf } from './upstream-answer.js';

/** A checkout's answer, and whether it is a replay of the key's first one. */
export interface CheckoutResult extends StoredResponse {
  replayed: boolean;
}

const CURRENCY = 'EUR';

/**
 * The checkout a hand-written app does: claim the key, price from the catalog, reserve at
 * inventory, charge payments under the key, then store the order and the key's answer; a
 * capture is queued only when payments did not confirm. Answers as Carta does (checkoutAnswerOf).
 */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly records: CheckoutRecords,
    private readonly catalog: CatalogService,
    private readonly inventory: InventoryService,
    private readonly clients: UpstreamClients,
    private readonly captures: CaptureQueue,
    @Inject(DEPENDENCY_GUARD) private readonly guard: DependencyGuard,
  ) {}

  async place(key: string | undefined, request: CheckoutRequestDto): Promise<CheckoutResult> {
    if (!key) throw new IdempotencyKeyRequiredError();
    const fingerprint = JSON.stringify([request.customerId, request.items.map((i) => [i.sku, i.quantity])]);
    const claim = await this.records.claim(key, fingerprint);
    if (claim.kind === 'replay') return { ...claim.answer, replayed: true };
    if (claim.kind === 'in_use') throw new IdempotencyKeyInUseError();
    if (claim.kind === 'mismatch') throw new IdempotencyKeyMismatchError();
    try {
      const { order, rejectedStatus } = await this.placeOrder(key, request);
      const answer = checkoutAnswerOf({ order, rejectedStatus });
      await this.records.store(order, fingerprint, answer);
      if (order.status === 'pending_payment') await this.captures.enqueue(order.orderId);
      return { ...answer, replayed: false };
    } catch (error) {
      await this.records.release(key).catch(() => undefined);
      throw error;
    }
  }

  private async placeOrder(
    key: string,
    request: CheckoutRequestDto,
  ): Promise<{ order: Order; rejectedStatus?: number }> {
    const items = await this.price(request);
    const orderId = `ord_${randomUUID()}`;
    const { inventory, reservationId } = await this.inventory.reserve(
      orderId,
      request.items.map(({ sku, quantity }) => ({ sku, quantity })),
    );
    const amountCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
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
    try {
      const { data } = await this.guard.run('payments', (signal) =>
        this.clients.payments.post<Charge>(
          '/charges',
          { orderId, customerId: order.customerId, amountCents, currency: CURRENCY },
          { signal, headers: { 'idempotency-key': key } },
        ),
      );
      return { order: { ...order, status: 'confirmed', chargeId: data.chargeId } };
    } catch (error) {
      // Rejected: failed for good. Anything else may have charged: pending, for the capture.
      if (!isRejection(error)) return { order };
      if (reservationId) await this.inventory.releaseQuietly(reservationId);
      return { order: { ...order, status: 'payment_failed' }, rejectedStatus: statusOf(error) };
    }
  }

  private async price(request: CheckoutRequestDto): Promise<PricedLine[]> {
    const { products } = await this.catalog.products();
    const prices = new Map(products.map((p) => [p.sku, p.priceCents]));
    const unknown = request.items.map((i) => i.sku).filter((sku) => typeof prices.get(sku) !== 'number');
    if (unknown.length > 0) throw new UnknownSkuError(unknown);
    return request.items.map(({ sku, quantity }) => ({
      sku,
      quantity,
      unitPriceCents: prices.get(sku) as number,
    }));
  }
}
