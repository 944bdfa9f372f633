// The drill's hands on the stack: the upstreams' fault control, payments' ledger, and Redis.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CATALOG_CACHE_KEY_PREFIX } from '../../apps/api/src/catalog/catalog-cache.keys.js';
import {
  CAPTURE_JOB,
  CHECKOUT_QUEUE,
  type CaptureJobData,
} from '../../apps/api/src/checkout/checkout-queue.constants.js';
import type { Order } from '../../apps/api/src/orders/order.js';
import { ORDER_KEY_PREFIX, RedisOrderRepository } from '../../apps/api/src/orders/redis-order.repository.js';
import type { DependencyName } from '../../apps/upstreams/src/faults/dependency-name.js';
import type { FaultSettings } from '../../apps/upstreams/src/faults/fault-settings.js';
import type { StatsSnapshot } from '../../apps/upstreams/src/faults/outcome-stats.js';
import type { Charge } from '../../apps/upstreams/src/payments/charge.js';
import { urlOf, type StartedStack } from '../lib/stack.js';

const json = { 'content-type': 'application/json' };

/** What the audit needs of an order. */
export type OrderState = Pick<Order, 'status' | 'chargeId'>;

// The order hash field the drill finds its orders by.
const KEY_FIELD = 'idempotencyKey' satisfies keyof Order;

export class ShopControl {
  readonly admin: string;
  readonly payments: string;
  readonly redis: Redis;
  readonly #orders: RedisOrderRepository;
  readonly #redisUrl: string;
  #queue: Queue<CaptureJobData> | undefined;
  /** What {@link dropCatalogCache} deletes. */
  readonly catalogCachePattern = `${CATALOG_CACHE_KEY_PREFIX}*`;

  constructor({ ports, redisUrl }: Pick<StartedStack, 'ports' | 'redisUrl'>) {
    this.admin = urlOf(ports.admin);
    this.payments = urlOf(ports.payments);
    this.#redisUrl = redisUrl;
    this.redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    // A Redis the drill kills on purpose: its errors are expected, and retried by ioredis.
    this.redis.on('error', () => {});
    this.#orders = new RedisOrderRepository(this.redis);
  }

  /** Replaces a dependency's faults (omitted fields back to healthy). */
  async setFaults(dependency: DependencyName, faults: Partial<FaultSettings>): Promise<void> {
    const response = await fetch(`${this.admin}/__faults/${dependency}`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify(faults),
    });
    if (response.status !== 200)
      throw new Error(`PUT /__faults/${dependency} answered ${response.status}: ${await response.text()}`);
  }

  /** Every charge payments made. */
  async charges(): Promise<Charge[]> {
    const response = await fetch(`${this.payments}/charges`);
    if (response.status !== 200) throw new Error(`GET /charges answered ${response.status}`);
    return ((await response.json()) as { charges: Charge[] }).charges;
  }

  /** Deletes the last-known-good catalog (every key of {@link catalogCachePattern}); resolves with how many. */
  async dropCatalogCache(): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.catalogCachePattern, 'COUNT', 500);
      if (keys.length > 0) deleted += await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  }

  /** Ids of every order whose Idempotency-Key starts with `keyPrefix`: all this drill created, answered or not. */
  async orderIdsByKeyPrefix(keyPrefix: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${ORDER_KEY_PREFIX}*`, 'COUNT', 1000);
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hget(key, KEY_FIELD);
      const replies = keys.length > 0 ? ((await pipeline.exec()) ?? []) : [];
      keys.forEach((key, i) => {
        const [error, raw] = replies[i] as [Error | null, string | null];
        if (error) throw error;
        // Each field of the hash is JSON (RedisOrderRepository).
        if (raw !== null && (JSON.parse(raw) as Order[typeof KEY_FIELD]).startsWith(keyPrefix))
          ids.push(key.slice(ORDER_KEY_PREFIX.length));
      });
      cursor = next;
    } while (cursor !== '0');
    return ids;
  }

  /** Each order's status and chargeId, as the api stored them (null: no such order). */
  async orders(orderIds: readonly string[]): Promise<Map<string, OrderState | null>> {
    const found = new Map<string, OrderState | null>();
    for (let i = 0; i < orderIds.length; i += 500) {
      const chunk = orderIds.slice(i, i + 500);
      // Sent together: ioredis writes each without waiting for the replies before it.
      const orders = await Promise.all(chunk.map((id) => this.#orders.get(id)));
      chunk.forEach((id, j) => {
        const order = orders[j];
        found.set(id, order === undefined ? null : { status: order.status, chargeId: order.chargeId });
      });
    }
    return found;
  }

  /** What became of the requests payments received since its stats were last reset. */
  async paymentsStats(): Promise<StatsSnapshot> {
    const response = await fetch(`${this.admin}/__stats/payments`);
    if (response.status !== 200) throw new Error(`GET /__stats/payments answered ${response.status}`);
    return (await response.json()) as StatsSnapshot;
  }

  /** Sets payments' request count back to zero. */
  async resetPaymentsStats(): Promise<void> {
    const response = await fetch(`${this.admin}/__stats/payments`, { method: 'DELETE' });
    if (response.status !== 204) throw new Error(`DELETE /__stats/payments answered ${response.status}`);
  }

  /** OrderIds of the captures some worker is running now (active jobs of the checkout queue). */
  async activeCaptures(): Promise<string[]> {
    if (!this.#queue) {
      this.#queue = new Queue<CaptureJobData>(CHECKOUT_QUEUE, {
        connection: { url: this.#redisUrl, maxRetriesPerRequest: 2 },
      });
      this.#queue.on('error', () => {});
    }
    const jobs = await this.#queue.getActive();
    return jobs.filter((job) => job.name === CAPTURE_JOB).map((job) => job.data.orderId);
  }

  async close(): Promise<void> {
    // Bounded: a Redis that is gone (the drill stopped mid-outage) would keep close() waiting.
    await Promise.race([this.#queue?.close(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    this.redis.disconnect();
  }
}
