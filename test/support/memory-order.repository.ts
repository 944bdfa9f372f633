import type { Order, OrderStatus } from '../../apps/api/src/orders/order.js';
import type { OrderPatch, OrderRepository } from '../../apps/api/src/orders/order.repository.js';

/** Orders in this process's memory: a test double of `OrderRepository` (the app always has Redis, so nothing else wires it). */
export class MemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<string, Order>();

  constructor(private readonly now: () => number = Date.now) {}

  create(order: Order): Promise<{ order: Order; created: boolean }> {
    const existing = this.orders.get(order.orderId);
    if (existing) return Promise.resolve({ order: { ...existing }, created: false });
    this.orders.set(order.orderId, { ...order });
    return Promise.resolve({ order: { ...order }, created: true });
  }

  get(orderId: string): Promise<Order | undefined> {
    const order = this.orders.get(orderId);
    return Promise.resolve(order && { ...order });
  }

  update(orderId: string, patch: OrderPatch, ifStatus?: OrderStatus): Promise<Order | undefined> {
    const order = this.orders.get(orderId);
    if (!order || (ifStatus !== undefined && order.status !== ifStatus)) return Promise.resolve(undefined);
    const updated = { ...order, ...patch, updatedAt: new Date(this.now()).toISOString() };
    this.orders.set(orderId, updated);
    return Promise.resolve({ ...updated });
  }
}
