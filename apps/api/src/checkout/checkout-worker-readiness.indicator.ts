import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { CheckoutQueueReadiness } from './checkout-queue-readiness.js';
import { CheckoutWorker } from './checkout.worker.js';

/** Readiness of a process that captures payments: its checkout worker runs. */
@Injectable()
export class CheckoutWorkerReadinessIndicator extends CheckoutQueueReadiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly checkoutWorker: CheckoutWorker,
  ) {
    super();
  }

  check(): Promise<HealthIndicatorResult> {
    // `capture_worker` is the key /health/ready has always reported: a contract, kept.
    const session = this.indicators.check('capture_worker');
    return Promise.resolve(
      this.checkoutWorker.worker.isRunning()
        ? session.up()
        : session.down({ message: 'the checkout worker is not running' }),
    );
  }
}
