import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';
import type { OrderStatus } from '../orders/order.js';

/**
 * What one question to payments ("did you charge this order's key?") came to, asked once every
 * capture attempt ended without a definite answer: the charge was found (the order is
 * confirmed), definitely none was made (it fails), or payments could not say (asked again).
 */
export type ReconciliationOutcome = 'confirmed' | 'failed' | 'unanswered';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/**
 * The shop's own Prometheus metrics (the policies' come from ResilienceMetrics). Labels are
 * bounded: route templates and endpoint names, statuses, outcomes; never ids, keys or SKUs.
 */
@Injectable()
export class ShopMetrics {
  readonly clientRequests = new Histogram({
    name: 'http_client_request_duration_seconds',
    help: 'Outbound HTTP requests to the dependencies, per attempt.',
    labelNames: ['service', 'endpoint', 'status'],
    buckets: LATENCY_BUCKETS,
  });
  readonly serverRequests = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Inbound HTTP requests, by route template and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
  });
  private readonly orders = new Counter({
    name: 'checkout_orders_total',
    help: 'Checkouts placed, by the status they answered with.',
    labelNames: ['status'],
  });
  private readonly replays = new Counter({
    name: 'idempotency_replays_total',
    help: 'Checkouts answered from a stored answer.',
  });
  private readonly conflicts = new Counter({
    name: 'idempotency_conflicts_total',
    help: 'Checkouts refused over their Idempotency-Key: in_flight (409) or mismatch (422).',
    labelNames: ['kind'],
  });
  private readonly reconciliations = new Counter({
    name: 'payment_reconciliations_total',
    help: 'Charge lookups for orders whose capture attempts all ended without an answer, by outcome.',
    labelNames: ['outcome'],
  });

  private readonly shortfalls = new Counter({
    name: 'inventory_shortfalls_total',
    help: 'Orders sold while inventory could not answer, for which it later had too little stock.',
  });

  orderPlaced(status: OrderStatus): void {
    this.orders.inc({ status });
  }

  idempotencyReplayed(): void {
    this.replays.inc();
  }

  idempotencyConflict(kind: 'in_flight' | 'mismatch'): void {
    this.conflicts.inc({ kind });
  }

  paymentReconciled(outcome: ReconciliationOutcome): void {
    this.reconciliations.inc({ outcome });
  }

  inventoryShortfall(): void {
    this.shortfalls.inc();
  }

  /** Unregisters from the global registry, so a second app in the same process can register again. */
  dispose(): void {
    for (const name of [
      'http_client_request_duration_seconds',
      'http_server_request_duration_seconds',
      'checkout_orders_total',
      'idempotency_replays_total',
      'idempotency_conflicts_total',
      'payment_reconciliations_total',
      'inventory_shortfalls_total',
    ]) {
      register.removeSingleMetric(name);
    }
  }
}
