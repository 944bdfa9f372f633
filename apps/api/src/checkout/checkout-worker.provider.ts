import { Processor } from '@nestjs/bullmq';
import type { ClassProvider } from '@nestjs/common';
import type { WorkerOptions } from 'bullmq';
import type { ApiConfig } from '../config/api.config.js';
import { CHECKOUT_QUEUE } from './checkout-queue.constants.js';
import { CheckoutWorker } from './checkout.worker.js';

/**
 * The checkout worker's crash recovery, from the api's settings. BullMQ's defaults (a 30 s lock,
 * a stall check every 30 s) leave a killed worker's captures unclaimed for up to a minute.
 */
export function checkoutWorkerOptionsOf(
  config: ApiConfig,
): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  return {
    lockDuration: config.CAPTURE_LOCK_MS,
    stalledInterval: config.CAPTURE_STALLED_INTERVAL_MS,
    // Every capture charges under the order's key, so running one again is safe: a crash
    // retries it rather than failing the job (which would leave its order unpaid).
    maxStalledCount: config.CAPTURE_MAX_STALLED_COUNT,
  };
}

/**
 * The CheckoutWorker, run by a BullMQ worker with {@link checkoutWorkerOptionsOf} `config`.
 * `@Processor` takes its worker options when the class is declared, before any setting is
 * read, so each app declares a subclass carrying its own (no class is changed for all apps).
 */
export function checkoutWorkerProvider(config: ApiConfig): ClassProvider<CheckoutWorker> {
  class ConfiguredCheckoutWorker extends CheckoutWorker {}
  // Applied as a call, not as `@Processor`: a decorated class without a constructor of its
  // own would get empty constructor types emitted and lose CheckoutWorker's injections.
  Processor(CHECKOUT_QUEUE, checkoutWorkerOptionsOf(config))(ConfiguredCheckoutWorker);
  return { provide: CheckoutWorker, useClass: ConfiguredCheckoutWorker };
}
