import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiConfig } from '../config/api.config.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../orders/order.repository.js';
import { CaptureJobs } from './capture.jobs.js';
import { ReservationJobs } from './reservation.jobs.js';

/** Pending orders looked at per pass: a backlog is worked through over several passes. */
const BATCH = 100;

/**
 * The worker's safety net under "every stored order gets paid": a checkout stores its order,
 * then queues the capture, and anything can die between the two writes (Redis going away, the
 * api killed). Every CAPTURE_SWEEP_INTERVAL_MS it takes the pending orders nobody has looked
 * at for a request's budget, queues a capture (and, for unconfirmed stock, a reservation) for
 * each that has none to come, and notes them seen. Queueing is idempotent per order, so every
 * worker process sweeps, and a sweep racing a live checkout changes nothing.
 */
@Injectable()
export class PendingOrderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PendingOrderSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private failing = false;

  constructor(
    private readonly config: ApiConfig,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly captures: CaptureJobs,
    private readonly reservations: ReservationJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepQuietly(), this.config.CAPTURE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * One pass at `now` (epoch ms): answers the orders whose capture it had to queue. An order
   * placed less than REQUEST_TIMEOUT_MS ago is left alone: its checkout may still be queueing.
   */
  async sweep(now: number = Date.now()): Promise<string[]> {
    const unseen = await this.orders.pendingUnseenSince(now - this.config.REQUEST_TIMEOUT_MS, BATCH);
    const rescheduled: string[] = [];
    for (const orderId of unseen) {
      const order = await this.orders.get(orderId);
      if (order?.status === 'pending_payment') {
        if (order.inventory === 'unconfirmed') await this.reservations.schedule(orderId);
        if (await this.captures.reschedule(orderId)) rescheduled.push(orderId);
      }
      await this.orders.markPendingSeen(orderId, now);
    }
    return rescheduled;
  }

  // A pass at a time; a failing Redis is said once, not every interval.
  private async sweepQuietly(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const rescheduled = await this.sweep();
      if (this.failing) this.logger.log('sweeping pending orders again');
      this.failing = false;
      if (rescheduled.length > 0)
        this.logger.warn(
          `queued the capture of ${rescheduled.length} pending order(s) that had none: ${rescheduled.slice(0, 10).join(', ')}`,
        );
    } catch (error) {
      if (!this.failing) this.logger.warn(`cannot sweep pending orders: ${(error as Error).message}`);
      this.failing = true;
    } finally {
      this.sweeping = false;
    }
  }
}
