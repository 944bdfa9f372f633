import { jest } from '@jest/globals';
import { BrokenCircuitError } from '@carta/resilience';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { MemoryOrderRepository } from '../../../../test/support/memory-order.repository.js';
import { aPendingOrder } from '../../../../test/support/order.fixture.js';
import { loadApiConfig } from '../config/load-api-config.js';
import type { InventoryClient } from '../inventory/inventory.client.js';
import type { ReconciliationOutcome, ShopMetrics } from '../metrics/shop-metrics.js';
import type { Order } from '../orders/order.js';
import type { Charge, ChargeLookup } from '../payments/charge.js';
import type { PaymentsClient } from '../payments/payments.client.js';
import { ChargeReconciler } from './charge-reconciler.service.js';
import type { CaptureJobData } from './checkout-queue.constants.js';
import { CheckoutWorker } from './checkout.worker.js';
import { LateReservationService } from './late-reservation.service.js';
import { OrderSettlementService } from './order-settlement.service.js';

const config = loadApiConfig({
  CAPTURE_ATTEMPTS: '3',
  RECONCILE_DELAY_MS: '5000',
  RECONCILE_BACKOFF_MS: '1000',
  RECONCILE_MAX_BACKOFF_MS: '8000',
});
const pending: Order = aPendingOrder();
const charge: Charge = { chargeId: 'ch_1', orderId: 'ord_1', amountCents: 2900, status: 'succeeded' };
const reset = () => Object.assign(new Error('socket hang up'), { isAxiosError: true, code: 'ECONNRESET' });
const http = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { isAxiosError: true, response: { status } });

/** The part of a BullMQ job the checkout worker uses, recording where it was moved. */
class FakeJob {
  readonly name = 'capture';
  readonly opts = { attempts: config.CAPTURE_ATTEMPTS };
  delayedUntil: number | undefined;

  constructor(
    public data: CaptureJobData,
    readonly attemptsMade = 0,
  ) {}

  async updateData(data: CaptureJobData): Promise<void> {
    this.data = data;
  }

  async moveToDelayed(timestamp: number): Promise<void> {
    this.delayedUntil = timestamp;
  }
}

async function fixture(
  payments: {
    charge?: () => Promise<Charge>;
    findCharge?: () => Promise<ChargeLookup>;
  },
  order: Order = pending,
) {
  const orders = new MemoryOrderRepository();
  await orders.create(order);
  const inventory = { release: jest.fn(async () => undefined) };
  const client = {
    charge: jest.fn(payments.charge ?? (async () => charge)),
    findCharge: jest.fn(payments.findCharge ?? (async (): Promise<ChargeLookup> => ({ kind: 'none' }))),
  };
  const outcomes: ReconciliationOutcome[] = [];
  const metrics = {
    paymentReconciled: (outcome: ReconciliationOutcome) => void outcomes.push(outcome),
  } as unknown as ShopMetrics;
  const settlement = new OrderSettlementService(orders, inventory as unknown as InventoryClient);
  const paymentsClient = client as unknown as PaymentsClient;
  const checkoutWorker = new CheckoutWorker(
    config,
    orders,
    paymentsClient,
    settlement,
    new ChargeReconciler(paymentsClient, settlement, metrics),
    metrics,
    new LateReservationService(orders, inventory as unknown as InventoryClient, metrics),
  );
  const run = (job: FakeJob) => checkoutWorker.process(job as unknown as Job<CaptureJobData>, 'token');
  return { run, orders, inventory, client, outcomes };
}

const reconciling = (notBefore: number, unanswered = 0): CaptureJobData => ({
  orderId: 'ord_1',
  reconciling: { notBefore, unanswered },
});

describe('CheckoutWorker', () => {
  describe('capturing', () => {
    it('confirms the order with the charge and counts the attempt', async () => {
      const f = await fixture({});
      expect(await f.run(new FakeJob({ orderId: 'ord_1' }))).toEqual({
        orderId: 'ord_1',
        result: 'confirmed',
      });
      expect(await f.orders.get('ord_1')).toMatchObject({
        status: 'confirmed',
        chargeId: 'ch_1',
        attempts: 1,
      });
      expect(f.client.charge).toHaveBeenCalledWith(expect.objectContaining({ amountCents: 2900 }), 'k-1');
    });

    it('hands an answerless attempt that is not the last back to BullMQ, recording it on the order', async () => {
      const f = await fixture({ charge: () => Promise.reject(reset()) });
      await expect(f.run(new FakeJob({ orderId: 'ord_1' }, 1))).rejects.toThrow('socket hang up');
      expect(await f.orders.get('ord_1')).toMatchObject({
        status: 'pending_payment',
        attempts: 1,
        lastError: 'Error: socket hang up',
      });
    });

    it('never fails the order on an answerless last attempt: it stays pending with its stock, and the job turns to asking payments after RECONCILE_DELAY_MS', async () => {
      const f = await fixture({ charge: () => Promise.reject(reset()) });
      const job = new FakeJob({ orderId: 'ord_1' }, 2);
      const before = Date.now();
      await expect(f.run(job)).rejects.toBeInstanceOf(DelayedError);
      expect(await f.orders.get('ord_1')).toMatchObject({
        status: 'pending_payment',
        inventory: 'reserved',
        attempts: 1,
      });
      expect(f.inventory.release).not.toHaveBeenCalled();
      expect(f.client.findCharge).not.toHaveBeenCalled();
      expect(job.data.reconciling).toEqual({ notBefore: job.delayedUntil, unanswered: 0 });
      expect(job.delayedUntil).toBeGreaterThanOrEqual(before + 5_000);
    });

    it.each([0, 2])(
      'fails the order at once and releases its stock on a rejection (attempts made: %d), unrecoverably',
      async (attemptsMade) => {
        const f = await fixture({ charge: () => Promise.reject(http(422)) });
        await expect(f.run(new FakeJob({ orderId: 'ord_1' }, attemptsMade))).rejects.toBeInstanceOf(
          UnrecoverableError,
        );
        expect(await f.orders.get('ord_1')).toMatchObject({
          status: 'payment_failed',
          inventory: 'released',
        });
        expect(f.inventory.release).toHaveBeenCalledWith('res_1');
        expect(f.client.findCharge).not.toHaveBeenCalled();
      },
    );

    it('waits for the open breaker without spending an attempt, even on the last one', async () => {
      const f = await fixture({ charge: () => Promise.reject(new BrokenCircuitError('payments', 4_000)) });
      const job = new FakeJob({ orderId: 'ord_1' }, 2);
      const before = Date.now();
      await expect(f.run(job)).rejects.toBeInstanceOf(DelayedError);
      expect(job.delayedUntil).toBeGreaterThanOrEqual(before + 4_000);
      expect(job.data.reconciling).toBeUndefined();
      expect(await f.orders.get('ord_1')).toMatchObject({ status: 'pending_payment', attempts: 0 });
    });

    it.each([
      ['placed just now', 250, 0],
      ['pending for 10 s', 5_000, 10_000],
      ['pending for an hour', 15_000, 3_600_000],
    ])(
      'spreads the wake-ups of captures that met the open breaker past its retry-after: an order %s, within %i ms of it',
      async (_label, spreadMs, waitedMs) => {
        const createdAt = new Date(Date.now() - waitedMs).toISOString();
        const f = await fixture(
          { charge: () => Promise.reject(new BrokenCircuitError('payments', 4_000)) },
          aPendingOrder({ createdAt }),
        );
        const wakeAt = async (random: number) => {
          const job = new FakeJob({ orderId: 'ord_1' });
          const spy = jest.spyOn(Math, 'random').mockReturnValue(random);
          const before = Date.now();
          await expect(f.run(job))
            .rejects.toBeInstanceOf(DelayedError)
            .finally(() => spy.mockRestore());
          return job.delayedUntil! - before;
        };
        const earliest = await wakeAt(0);
        expect(earliest).toBeGreaterThanOrEqual(4_000);
        expect(earliest).toBeLessThan(4_000 + 50);
        const latest = await wakeAt(0.999);
        expect(latest).toBeGreaterThanOrEqual(4_000 + spreadMs * 0.999 - 1);
        expect(latest).toBeLessThan(4_000 + spreadMs + 50);
        expect(await f.orders.get('ord_1')).toMatchObject({ status: 'pending_payment', attempts: 0 });
      },
    );
  });

  describe('reconciling', () => {
    it('confirms the order with the charge payments holds under its key, without charging again', async () => {
      const f = await fixture({ findCharge: async () => ({ kind: 'found', charge }) });
      expect(await f.run(new FakeJob(reconciling(Date.now() - 1)))).toEqual({
        orderId: 'ord_1',
        result: 'confirmed',
      });
      expect(await f.orders.get('ord_1')).toMatchObject({ status: 'confirmed', chargeId: 'ch_1' });
      expect(f.client.charge).not.toHaveBeenCalled();
    });

    it('fails the order and releases its stock once payments says it holds no charge under its key', async () => {
      const f = await fixture({ findCharge: async () => ({ kind: 'none' }) });
      expect(await f.run(new FakeJob(reconciling(Date.now() - 1)))).toEqual({
        orderId: 'ord_1',
        result: 'failed',
      });
      expect(await f.orders.get('ord_1')).toMatchObject({ status: 'payment_failed', inventory: 'released' });
    });

    it('asks again later, never waiting past RECONCILE_MAX_BACKOFF_MS, while payments cannot answer; the order stays pending', async () => {
      const f = await fixture({ findCharge: () => Promise.reject(reset()) });
      const job = new FakeJob(reconciling(Date.now() - 1, 6));
      // The top of the full-jitter range: 1 s doubled six times would be 64 s, the cap is 8 s.
      const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
      const before = Date.now();
      await expect(f.run(job))
        .rejects.toBeInstanceOf(DelayedError)
        .finally(() => random.mockRestore());
      expect(job.data.reconciling).toEqual({ notBefore: job.delayedUntil, unanswered: 7 });
      expect(job.delayedUntil! - before).toBeGreaterThanOrEqual(7_990);
      expect(job.delayedUntil! - before).toBeLessThanOrEqual(8_000 + 50);
      expect(await f.orders.get('ord_1')).toMatchObject({ status: 'pending_payment', inventory: 'reserved' });
      expect(f.outcomes).toEqual(['unanswered']);
    });

    it("asks again after the open breaker's retry-after", async () => {
      const f = await fixture({
        findCharge: () => Promise.reject(new BrokenCircuitError('payments', 4_000)),
      });
      const job = new FakeJob(reconciling(Date.now() - 1));
      const before = Date.now();
      await expect(f.run(job)).rejects.toBeInstanceOf(DelayedError);
      expect(job.delayedUntil).toBeGreaterThanOrEqual(before + 4_000);
    });

    it('waits for its time without asking payments when picked up early (a stalled job run again)', async () => {
      const f = await fixture({});
      const notBefore = Date.now() + 60_000;
      const job = new FakeJob(reconciling(notBefore));
      await expect(f.run(job)).rejects.toBeInstanceOf(DelayedError);
      expect(job.delayedUntil).toBe(notBefore);
      expect(f.client.findCharge).not.toHaveBeenCalled();
    });

    it('leaves an order settled meanwhile alone', async () => {
      const f = await fixture({});
      await f.orders.update('ord_1', { status: 'confirmed', chargeId: 'ch_1' });
      expect(await f.run(new FakeJob(reconciling(Date.now() - 1)))).toEqual({
        orderId: 'ord_1',
        result: 'already_settled',
      });
      expect(f.client.findCharge).not.toHaveBeenCalled();
    });
  });
});
