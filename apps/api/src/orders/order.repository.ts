import type { Order, OrderStatus } from './order.js';

/** Token of the {@link OrderRepository} in use. */
export const ORDER_REPOSITORY = Symbol('ORDER_REPOSITORY');

/** What an update may change. */
export type OrderPatch = Partial<Omit<Order, 'orderId' | 'createdAt' | 'idempotencyKey'>>;

/** Orders, written atomically field by field so the checkout and the worker never overwrite each other. */
export interface OrderRepository {
  /** Stores `order` unless one with its id exists; returns the stored one and whether it is new. */
  create(order: Order): Promise<{ order: Order; created: boolean }>;
  get(orderId: string): Promise<Order | undefined>;
  /**
   * Applies `patch` and stamps `updatedAt`, only while the order's status is `ifStatus` when
   * given; returns the updated order, or undefined when missing or no longer in that status.
   */
  update(orderId: string, patch: OrderPatch, ifStatus?: OrderStatus): Promise<Order | undefined>;
}
