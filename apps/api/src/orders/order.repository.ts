import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module.js';
import type { Order } from './order.js';

const keyOf = (orderId: string): string => `carta:order:${orderId}`;

/** Orders in Redis, one JSON document each. Orders are records: they do not expire. */
@Injectable()
export class OrderRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async save(order: Order): Promise<void> {
    await this.redis.set(keyOf(order.orderId), JSON.stringify(order));
  }

  async get(orderId: string): Promise<Order | undefined> {
    const raw = await this.redis.get(keyOf(orderId));
    return raw === null ? undefined : (JSON.parse(raw) as Order);
  }

  /** Applies `patch` and stamps updatedAt; undefined when there is no such order. */
  async update(orderId: string, patch: Partial<Omit<Order, 'orderId' | 'createdAt'>>): Promise<Order | undefined> {
    const order = await this.get(orderId);
    if (!order) return undefined;
    const updated: Order = { ...order, ...patch, updatedAt: new Date().toISOString() };
    await this.save(updated);
    return updated;
  }
}
