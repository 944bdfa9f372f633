import type { Redis } from 'ioredis';
import type { Order, OrderStatus } from './order.js';
import type { OrderPatch, OrderRepository } from './order.repository.js';

/** Every order's hash key starts with this, followed by its orderId. */
export const ORDER_KEY_PREFIX = 'carta:order:';
/** Sorted set of the orders still pending_payment, scored by when each was last looked at (epoch ms). */
export const PENDING_ORDERS_KEY = 'carta:orders:pending';
const keyOf = (orderId: string): string => `${ORDER_KEY_PREFIX}${orderId}`;
const PENDING = JSON.stringify('pending_payment' satisfies OrderStatus);

// One hash per order, each field JSON: an update sets only its own fields, in one command.
// The watch list of pending orders changes in the same script as the order, so the two never
// disagree, whatever dies between two commands.
const CREATE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if redis.call('HGET', KEYS[1], 'status') == '${PENDING}' then redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2]) end
return 1`;
const UPDATE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if redis.call('HGET', KEYS[1], 'status') ~= '${PENDING}' then redis.call('ZREM', KEYS[2], ARGV[2]) end
return 1`;

const toFields = (values: Record<string, unknown>): string[] =>
  Object.entries(values).flatMap(([field, value]) => [field, JSON.stringify(value ?? null)]);

/** Orders in Redis. Orders are records: they do not expire. */
export class RedisOrderRepository implements OrderRepository {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async create(order: Order): Promise<{ order: Order; created: boolean }> {
    const keys = [keyOf(order.orderId), PENDING_ORDERS_KEY];
    const seenAt = Date.parse(order.createdAt);
    const created =
      (await this.redis.eval(CREATE, 2, ...keys, seenAt, order.orderId, ...toFields({ ...order }))) === 1;
    if (created) return { order, created };
    return { order: (await this.get(order.orderId)) ?? order, created };
  }

  async get(orderId: string): Promise<Order | undefined> {
    const hash = await this.redis.hgetall(keyOf(orderId));
    if (Object.keys(hash).length === 0) return undefined;
    return Object.fromEntries(Object.entries(hash).map(([field, raw]) => [field, JSON.parse(raw)])) as Order;
  }

  async update(orderId: string, patch: OrderPatch, ifStatus?: OrderStatus): Promise<Order | undefined> {
    const fields = toFields({ ...patch, updatedAt: new Date(this.now()).toISOString() });
    const condition = ifStatus === undefined ? '' : JSON.stringify(ifStatus);
    const keys = [keyOf(orderId), PENDING_ORDERS_KEY];
    const applied = (await this.redis.eval(UPDATE, 2, ...keys, condition, orderId, ...fields)) === 1;
    return applied ? this.get(orderId) : undefined;
  }

  pendingUnseenSince(before: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(PENDING_ORDERS_KEY, '-inf', `(${before}`, 'LIMIT', 0, limit);
  }

  async markPendingSeen(orderId: string, at: number): Promise<void> {
    // XX: only an order still on the list; one that settled meanwhile stays off it.
    await this.redis.zadd(PENDING_ORDERS_KEY, 'XX', at, orderId);
  }
}
