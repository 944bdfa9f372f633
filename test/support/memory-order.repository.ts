import type { Order, OrderStatus } from '../../apps/api/src/orders/order.js';
import type { OrderPatch, OrderRepository } from '../../apps/api/src/orders/order.repository.js';

/** Orders in this process's memory: a test double of `OrderRepository` (the app always has Redis, so nothing else wires it). */
export class MemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<string, Order>();
  // orderId -> when last seen, for the pending ones only.
  private readonly pendingSeen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  create(order: Order): Promise<{ order: Order; created: boolean }> {
    const existing = this.orders.get(order.orderId);
    if (existing) return Promise.resolve({ order: { ...existing }, created: false });
    this.orders.set(order.orderId, { ...order });
    if (order.status === 'pending_payment') this.pendingSeen.set(order.orderId, Date.parse(order.createdAt));
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
    if (updated.status !== 'pending_payment') this.pendingSeen.delete(orderId);
    return Promise.resolve({ ...updated });
  }

  pendingUnseenSince(before: number, limit: number): Promise<string[]> {
    const unseen = [...this.pendingSeen].filter(([, seenAt]) => seenAt < before);
    unseen.sort(([a, x], [b, y]) => x - y || a.localeCompare(b));
    return Promise.resolve(unseen.slice(0, limit).map(([orderId]) => orderId));
  }

  markPendingSeen(orderId: string, at: number): Promise<void> {
    if (this.pendingSeen.has(orderId)) this.pendingSeen.set(orderId, at);
    return Promise.resolve();
  }
}
