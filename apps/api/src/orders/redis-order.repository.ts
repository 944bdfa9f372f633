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
// Answers the updated order's hash (field, value, ...), or 0 when nothing was applied.
const UPDATE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if redis.call('HGET', KEYS[1], 'status') ~= '${PENDING}' then redis.call('ZREM', KEYS[2], ARGV[2]) end
return redis.call('HGETALL', KEYS[1])`;

// ioredis adds a method of each name to the client: EVALSHA, and EVAL only after a NOSCRIPT
// (a restarted Redis), so the scripts' text is not sent and hashed on every call.
const CREATE_COMMAND = 'cartaOrderCreate';
const UPDATE_COMMAND = 'cartaOrderUpdate';
type ScriptCommand = (...args: (string | number)[]) => Promise<unknown>;

const toFields = (values: Record<string, unknown>): string[] =>
  Object.entries(values).flatMap(([field, value]) => [field, JSON.stringify(value ?? null)]);

/** Orders in Redis. Orders are records: they do not expire. */
export class RedisOrderRepository implements OrderRepository {
  private readonly createScript: ScriptCommand;
  private readonly updateScript: ScriptCommand;

  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand(CREATE_COMMAND, { numberOfKeys: 2, lua: CREATE });
    redis.defineCommand(UPDATE_COMMAND, { numberOfKeys: 2, lua: UPDATE });
    const commands = redis as unknown as Record<string, ScriptCommand>;
    this.createScript = commands[CREATE_COMMAND].bind(redis);
    this.updateScript = commands[UPDATE_COMMAND].bind(redis);
  }

  async create(order: Order): Promise<{ order: Order; created: boolean }> {
    const keys = [keyOf(order.orderId), PENDING_ORDERS_KEY];
    const seenAt = Date.parse(order.createdAt);
    const created =
      (await this.createScript(...keys, seenAt, order.orderId, ...toFields({ ...order }))) === 1;
    if (created) return { order, created };
    return { order: (await this.get(order.orderId)) ?? order, created };
  }

  async get(orderId: string): Promise<Order | undefined> {
    return orderOf(await this.redis.hgetall(keyOf(orderId)));
  }

  async update(orderId: string, patch: OrderPatch, ifStatus?: OrderStatus): Promise<Order | undefined> {
    const fields = toFields({ ...patch, updatedAt: new Date(this.now()).toISOString() });
    const condition = ifStatus === undefined ? '' : JSON.stringify(ifStatus);
    const keys = [keyOf(orderId), PENDING_ORDERS_KEY];
    const reply = await this.updateScript(...keys, condition, orderId, ...fields);
    // The order as the update left it, from the same script: no second round trip.
    if (!Array.isArray(reply)) return undefined;
    const hash: Record<string, string> = {};
    for (let i = 0; i < reply.length; i += 2) hash[reply[i] as string] = reply[i + 1] as string;
    return orderOf(hash);
  }

  pendingUnseenSince(before: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(PENDING_ORDERS_KEY, '-inf', `(${before}`, 'LIMIT', 0, limit);
  }

  async markPendingSeen(orderId: string, at: number): Promise<void> {
    // XX: only an order still on the list; one that settled meanwhile stays off it.
    await this.redis.zadd(PENDING_ORDERS_KEY, 'XX', at, orderId);
  }
}

function orderOf(hash: Record<string, string>): Order | undefined {
  if (Object.keys(hash).length === 0) return undefined;
  return Object.fromEntries(Object.entries(hash).map(([field, raw]) => [field, JSON.parse(raw)])) as Order;
}
