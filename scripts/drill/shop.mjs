// The drill's hands on the stack: the upstreams' fault control, payments' ledger, and Redis.
import { Redis } from 'ioredis';
import { urlOf } from '../lib/stack.mjs';

const json = { 'content-type': 'application/json' };

export class ShopControl {
  constructor({ ports, redisUrl }) {
    this.admin = urlOf(ports.admin);
    this.payments = urlOf(ports.payments);
    this.redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  }

  /** Replaces a dependency's faults (omitted fields back to healthy). */
  async setFaults(dependency, faults) {
    const response = await fetch(`${this.admin}/__faults/${dependency}`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify(faults),
    });
    if (response.status !== 200)
      throw new Error(`PUT /__faults/${dependency} answered ${response.status}: ${await response.text()}`);
  }

  /** Every charge payments made. */
  async charges() {
    const response = await fetch(`${this.payments}/charges`);
    if (response.status !== 200) throw new Error(`GET /charges answered ${response.status}`);
    return (await response.json()).charges;
  }

  /** Deletes the last-known-good catalog (every `carta:catalog:*` key); resolves with how many. */
  async dropCatalogCache() {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', 'carta:catalog:*', 'COUNT', 500);
      if (keys.length > 0) deleted += await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  }

  /** Ids of every order whose Idempotency-Key starts with `keyPrefix`: all this drill created, answered or not. */
  async orderIdsByKeyPrefix(keyPrefix) {
    const ids = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', 'carta:order:*', 'COUNT', 1000);
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hget(key, 'idempotencyKey');
      const replies = keys.length > 0 ? await pipeline.exec() : [];
      keys.forEach((key, i) => {
        const [error, raw] = replies[i];
        if (error) throw error;
        if (raw !== null && JSON.parse(raw).startsWith(keyPrefix)) ids.push(key.slice('carta:order:'.length));
      });
      cursor = next;
    } while (cursor !== '0');
    return ids;
  }

  /** `Map<orderId, { status, chargeId } | null>` straight from the order hashes (null: no such order). */
  async orders(orderIds) {
    const found = new Map();
    for (let i = 0; i < orderIds.length; i += 500) {
      const chunk = orderIds.slice(i, i + 500);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.hmget(`carta:order:${id}`, 'status', 'chargeId');
      const replies = await pipeline.exec();
      chunk.forEach((id, j) => {
        const [error, [status, chargeId]] = replies[j];
        if (error) throw error;
        found.set(
          id,
          status === null
            ? null
            : { status: JSON.parse(status), chargeId: chargeId === null ? null : JSON.parse(chargeId) },
        );
      });
    }
    return found;
  }

  async close() {
    this.redis.disconnect();
  }
}
