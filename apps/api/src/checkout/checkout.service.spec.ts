import { jest } from '@jest/globals';
import type { CatalogService } from '../catalog/catalog.service.js';
import { IdempotencyKeyInUseError } from '../errors/api-errors.js';
import { loadApiConfig } from '../config/load-api-config.js';
import { MemoryIdempotencyStore } from '../../../../test/support/memory-idempotency.store.js';
import type { InventoryClient } from '../inventory/inventory.client.js';
import { InventoryService } from '../inventory/inventory.service.js';
import { MemoryOrderRepository } from '../../../../test/support/memory-order.repository.js';
import type { Charge, ChargeRequest } from '../payments/charge.js';
import type { PaymentsClient } from '../payments/payments.client.js';
import type { CaptureJobs } from './capture.jobs.js';
import { checkoutAnswerOf } from './checkout-answer.mapper.js';
import { fingerprintOf, orderIdOf } from './checkout-identity.util.js';
import { CheckoutIdempotencyService, type CheckoutResult } from './checkout-idempotency.service.js';
import { CheckoutPaymentService } from './checkout-payment.service.js';
import type { CheckoutRequestDto } from './checkout-request.dto.js';
import { CheckoutService } from './checkout.service.js';
import type { ShopMetrics } from '../metrics/shop-metrics.js';
import { OrderPricingService } from './order-pricing.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import type { ReservationJobs } from './reservation.jobs.js';

const request: CheckoutRequestDto = { customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 2 }] };
// Counted elsewhere (the e2e tests read /metrics); here only the calls must not fail.
const metrics = {
  orderPlaced() {},
  idempotencyReplayed() {},
  idempotencyConflict() {},
} as unknown as ShopMetrics;
const http = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { isAxiosError: true, response: { status } });
const catalogPricing = (cents: number) =>
  ({ pricesOf: async () => new Map([['MUG-02', cents]]) }) as unknown as CatalogService;

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** The checkout as CheckoutController runs it: the key's protocol around placing, mapped to HTTP. */
type Checkout = (key: string, body: CheckoutRequestDto) => Promise<CheckoutResult>;

function fixture(options: { orders?: MemoryOrderRepository; catalog?: CatalogService } = {}) {
  const log: string[] = [];
  const inventory = {
    reserve: jest.fn(async () => 'res_1'),
    release: jest.fn(async () => undefined),
  };
  const charge = jest.fn(async (req: ChargeRequest, key: string): Promise<Charge> => {
    log.push(`charge ${key}`);
    return { chargeId: 'ch_1', orderId: req.orderId, amountCents: req.amountCents, status: 'succeeded' };
  });
  const captures = {
    schedule: jest.fn(async (id: string) => void log.push(`schedule ${id}`)),
  };
  const reservations = { schedule: jest.fn(async (id: string) => void log.push(`reserve later ${id}`)) };
  const orders = options.orders ?? new MemoryOrderRepository();
  const idempotency = new MemoryIdempotencyStore();
  const config = loadApiConfig({});
  const inventoryClient = inventory as unknown as InventoryClient;
  const inventoryService = new InventoryService(inventoryClient);
  const settlement = new OrderSettlementService(orders, inventoryClient);
  const service = new CheckoutService(
    new OrderPricingService(options.catalog ?? catalogPricing(1450)),
    inventoryService,
    new CheckoutPaymentService(
      config,
      { charge } as unknown as PaymentsClient,
      captures as unknown as CaptureJobs,
      settlement,
    ),
    reservations as unknown as ReservationJobs,
    orders,
    metrics,
  );
  const protocol = new CheckoutIdempotencyService(config, idempotency, metrics);
  const checkout: Checkout = (key, body) =>
    protocol.once(key, body, {
      read: (validKey) => service.storedOrder(validKey),
      answer: async (validKey, stored) => checkoutAnswerOf(await service.place(validKey, body, stored)),
    });
  return { checkout, log, inventory, inventoryService, charge, captures, reservations, orders, idempotency };
}

describe('checkout (idempotency, placing, the HTTP answer)', () => {
  it('charges and confirms the order, queueing no capture when the charge succeeded', async () => {
    const f = fixture();
    const result = await f.checkout('k-1', request);
    const id = orderIdOf('k-1');
    expect(result).toMatchObject({
      status: 201,
      replayed: false,
      body: { orderId: id, status: 'confirmed', chargeId: 'ch_1', amountCents: 2900 },
    });
    expect(f.log).toEqual(['charge k-1']);
  });

  it('sells with inventory unconfirmed when the reservation fell back to unconfirmed, and schedules its reservation for later', async () => {
    const f = fixture();
    jest
      .spyOn(f.inventoryService, 'reserve')
      .mockResolvedValueOnce({ inventory: 'unconfirmed', reservationId: null });
    const result = await f.checkout('k-1', request);
    const id = orderIdOf('k-1');
    expect(result).toMatchObject({ status: 201, body: { inventory: 'unconfirmed' } });
    expect(f.reservations.schedule).toHaveBeenCalledWith(id);
  });

  it('schedules no later reservation when inventory reserved the stock at checkout', async () => {
    const f = fixture();
    await f.checkout('k-1', request);
    expect(f.reservations.schedule).not.toHaveBeenCalled();
  });

  it('answers 202 and queues the capture, once payments has failed, when payments fails', async () => {
    const f = fixture();
    f.charge.mockRejectedValueOnce(http(503));
    const result = await f.checkout('k-1', request);
    const id = orderIdOf('k-1');
    expect(result).toMatchObject({
      status: 202,
      body: { status: 'pending_payment' },
      headers: { location: `/orders/${id}` },
    });
    expect(f.captures.schedule).toHaveBeenCalledWith(id);
    // Queued once the charge failed, not before it.
    expect(f.charge.mock.invocationCallOrder[0]).toBeLessThan(
      f.captures.schedule.mock.invocationCallOrder[0],
    );
  });

  it('queues the capture when the charge succeeded but the order could not be confirmed: the capture finds the charge under the key', async () => {
    const orders = new MemoryOrderRepository();
    const f = fixture({ orders });
    jest.spyOn(orders, 'update').mockRejectedValueOnce(new Error('Redis went away'));
    const result = await f.checkout('k-1', request);
    const id = orderIdOf('k-1');
    expect(result).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
    expect(f.log).toEqual(['charge k-1', `schedule ${id}`]);
  });

  it('carries on from the stored order when a key comes back after its answer was lost: no second reservation, same charge key', async () => {
    const f = fixture();
    f.charge.mockRejectedValueOnce(http(503));
    await f.checkout('k-1', request);
    // Simulate the answer never having been stored: a fresh idempotency store, same orders.
    const again = fixture({ orders: f.orders, catalog: catalogPricing(9999) });
    const result = await again.checkout('k-1', request);
    expect(result).toMatchObject({ status: 201, body: { orderId: orderIdOf('k-1'), amountCents: 2900 } });
    expect(again.inventory.reserve).not.toHaveBeenCalled();
    expect(again.charge).toHaveBeenCalledWith(expect.objectContaining({ amountCents: 2900 }), 'k-1');
  });

  it('remembers a rejected charge: 502 payment_rejected, stock released, and the key replays it without asking payments again', async () => {
    const f = fixture();
    f.charge.mockRejectedValueOnce(http(402));
    const first = await f.checkout('k-1', request);
    expect(first).toMatchObject({
      status: 502,
      body: { error: 'payment_rejected', message: expect.any(String) },
    });
    expect(f.inventory.release).toHaveBeenCalledWith('res_1');
    expect(await f.orders.get(orderIdOf('k-1'))).toMatchObject({
      status: 'payment_failed',
      inventory: 'released',
    });
    const replay = await f.checkout('k-1', request);
    expect(replay).toMatchObject({ status: 502, replayed: true });
    expect(f.charge).toHaveBeenCalledTimes(1);
    expect(f.captures.schedule).not.toHaveBeenCalled();
  });

  it("reads the key's stored order alongside the key's claim: one wait for the two, not two in a row", async () => {
    const f = fixture();
    const claimed = deferred<void>();
    const begin = f.idempotency.begin.bind(f.idempotency);
    jest.spyOn(f.idempotency, 'begin').mockImplementation(async (...args) => {
      await claimed.promise;
      return begin(...args);
    });
    const read = jest.spyOn(f.orders, 'get');
    const placing = f.checkout('k-1', request);
    await Promise.resolve();
    // The claim has not answered yet, and the order's read has already been asked for.
    expect(read).toHaveBeenCalledWith(orderIdOf('k-1'));
    claimed.resolve();
    expect(await placing).toMatchObject({ status: 201, replayed: false });
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('frees the key and answers the error when the order read alongside a won claim failed: nothing placed, nothing charged', async () => {
    const f = fixture();
    jest.spyOn(f.orders, 'get').mockRejectedValueOnce(new Error('Redis went away'));
    await expect(f.checkout('k-1', request)).rejects.toThrow('Redis went away');
    expect(f.charge).not.toHaveBeenCalled();
    expect(f.inventory.reserve).not.toHaveBeenCalled();
    expect(await f.idempotency.begin('k-1', 'other', 1_000)).toEqual({ kind: 'started' });
  });

  it('drops the order read of a request whose claim lost: 409 for the key in use, and no unhandled rejection from the read', async () => {
    const f = fixture();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await f.idempotency.begin('k-1', fingerprintOf(request), 60_000);
      jest.spyOn(f.orders, 'get').mockRejectedValueOnce(new Error('Redis went away'));
      await expect(f.checkout('k-1', request)).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
      // Unhandled rejections are reported after the microtasks of the turn that made them.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(f.charge).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('frees the key when placing fails before any order exists, so a retry can place it', async () => {
    const f = fixture({
      catalog: { pricesOf: () => Promise.reject(new Error('catalog exploded')) } as unknown as CatalogService,
    });
    await expect(f.checkout('k-1', request)).rejects.toThrow('catalog exploded');
    expect(await f.idempotency.begin('k-1', 'other', 1_000)).toEqual({ kind: 'started' });
  });
});
