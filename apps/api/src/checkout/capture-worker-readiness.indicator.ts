import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { CaptureReadinessIndicator } from './capture-readiness.indicator.js';
import { CheckoutConsumer } from './checkout.consumer.js';

/** Readiness of a process that captures payments: its capture worker runs. */
@Injectable()
export class CaptureWorkerReadinessIndicator extends CaptureReadinessIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly consumer: CheckoutConsumer,
  ) {
    super();
  }

  check(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('capture_worker');
    return Promise.resolve(
      this.consumer.worker.isRunning()
        ? session.up()
        : session.down({ message: 'the capture worker is not running' }),
    );
  }
}
