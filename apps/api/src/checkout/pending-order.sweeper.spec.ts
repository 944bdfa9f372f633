import { startRedis, type EmbeddedRedis } from '@carta/embedded-redis';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { aPendingOrder } from '../../../../test/support/order.fixture.js';
import { loadApiConfig } from '../config/load-api-config.js';
import { RedisOrderRepository } from '../orders/redis-order.repository.js';
import { CaptureJobs } from './capture.jobs.js';
import {
  CAPTURE_JOB,
  captureJobIdOf,
  CHECKOUT_QUEUE,
  reservationJobIdOf,
  type CaptureJobData,
} from './checkout-queue.constants.js';
import { PendingOrderSweeper } from './pending-order.sweeper.js';
import { ReservationJobs } from './reservation.jobs.js';

const config = loadApiConfig({ REQUEST_TIMEOUT_MS: '3000' });
const placedAt = Date.parse('2026-06-01T12:00:00.000Z');
const afterBudget = placedAt + config.REQUEST_TIMEOUT_MS + 1;

let server: EmbeddedRedis;
let redis: Redis;
let queue: Queue<CaptureJobData>;
let orders: RedisOrderRepository;
let sweeper: PendingOrderSweeper;
let n = 0;

const anOrderPlacedAt = (ms: number, overrides = {}) =>
  aPendingOrder({ orderId: `ord_sweep_${++n}`, createdAt: new Date(ms).toISOString(), ...overrides });

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  queue = new Queue<CaptureJobData>(CHECKOUT_QUEUE, { connection: { url: server.url } });
  orders = new RedisOrderRepository(redis);
  sweeper = new PendingOrderSweeper(
    config,
    orders,
    new CaptureJobs(config, queue),
    new ReservationJobs(config, queue),
  );
});

beforeEach(() => redis.flushall());

afterAll(async () => {
  await queue.close();
  await redis.quit();
  await server.stop();
});

describe('PendingOrderSweeper', () => {
  it('queues the capture of a stored pending order that has none (its checkout died before settling it), after CAPTURE_DELAY_MS alone', async () => {
    const order = anOrderPlacedAt(placedAt);
    await orders.create(order);
    expect(await sweeper.sweep(afterBudget)).toEqual([order.orderId]);
    expect(await queue.getJobState(captureJobIdOf(order.orderId))).toBe('delayed');
    // Its checkout is over: no second request budget to wait for.
    expect((await queue.getJob(captureJobIdOf(order.orderId)))?.opts.delay).toBe(config.CAPTURE_DELAY_MS);
  });

  it("leaves an order alone while its checkout's request budget lasts", async () => {
    const order = anOrderPlacedAt(placedAt);
    await orders.create(order);
    expect(await sweeper.sweep(placedAt + config.REQUEST_TIMEOUT_MS - 1)).toEqual([]);
    expect(await queue.getJobState(captureJobIdOf(order.orderId))).toBe('unknown');
  });

  it('changes nothing for an order whose capture is already queued', async () => {
    const order = anOrderPlacedAt(placedAt);
    await orders.create(order);
    await new CaptureJobs(config, queue).schedule(order.orderId);
    const job = await queue.getJob(captureJobIdOf(order.orderId));
    // The checkout's own: a request budget and CAPTURE_DELAY_MS away.
    expect(job?.opts.delay).toBe(config.REQUEST_TIMEOUT_MS + config.CAPTURE_DELAY_MS);
    expect(await sweeper.sweep(afterBudget)).toEqual([]);
    expect((await queue.getJob(captureJobIdOf(order.orderId)))?.timestamp).toBe(job?.timestamp);
  });

  it('queues a new capture when the one queued finished before the order was stored', async () => {
    const order = anOrderPlacedAt(placedAt);
    // A worker runs the capture while the order is not stored yet, as CheckoutWorker would.
    const worker = new Worker<CaptureJobData>(
      CHECKOUT_QUEUE,
      async (job) => ({ orderId: job.data.orderId, result: 'unknown_order' }),
      {
        connection: { url: server.url },
      },
    );
    const ran = new Promise((resolve) => worker.once('completed', resolve));
    await queue.add(CAPTURE_JOB, { orderId: order.orderId }, { jobId: captureJobIdOf(order.orderId) });
    await ran;
    await worker.close();
    expect(await queue.getJobState(captureJobIdOf(order.orderId))).toBe('completed');
    await orders.create(order);
    expect(await sweeper.sweep(afterBudget)).toEqual([order.orderId]);
    expect(await queue.getJobState(captureJobIdOf(order.orderId))).toBe('delayed');
  });

  it('queues the reservation of a pending order placed with its stock unconfirmed', async () => {
    const order = anOrderPlacedAt(placedAt, { inventory: 'unconfirmed', reservationId: null });
    await orders.create(order);
    await sweeper.sweep(afterBudget);
    expect(await queue.getJobState(reservationJobIdOf(order.orderId))).toBe('delayed');
  });

  it('skips settled orders and looks at a pending one again only a request budget later', async () => {
    const pending = anOrderPlacedAt(placedAt);
    const settled = anOrderPlacedAt(placedAt);
    await orders.create(pending);
    await orders.create(settled);
    await orders.update(settled.orderId, { status: 'confirmed', chargeId: 'ch_1' });
    expect(await sweeper.sweep(afterBudget)).toEqual([pending.orderId]);
    expect(await queue.getJobState(captureJobIdOf(settled.orderId))).toBe('unknown');
    await queue.remove(captureJobIdOf(pending.orderId));
    // Seen at afterBudget: not looked at again within the next budget, then queued again.
    expect(await sweeper.sweep(afterBudget + config.REQUEST_TIMEOUT_MS - 1)).toEqual([]);
    expect(await sweeper.sweep(afterBudget + config.REQUEST_TIMEOUT_MS + 1)).toEqual([pending.orderId]);
  });
});
