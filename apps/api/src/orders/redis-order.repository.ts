import type { Redis } from 'ioredis';
import type { Order, OrderStatus } from './order.js';
import type { OrderPatch, OrderRepository } from './order.repository.js';

/** Every order's hash key starts with this, followed by its orderId. */
export const ORDER_KEY_PREFIX = 'carta:order:';
const keyOf = (orderId: string): string => `${ORDER_KEY_PREFIX}${orderId}`;

// One hash per order, each field JSON: an update sets only its own fields, in one command.
const CREATE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;
const UPDATE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
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
    const created = (await this.redis.eval(CREATE, 1, keyOf(order.orderId), ...toFields({ ...order }))) === 1;
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
    const applied = (await this.redis.eval(UPDATE, 1, keyOf(orderId), condition, ...fields)) === 1;
    return applied ? this.get(orderId) : undefined;
  }
}
