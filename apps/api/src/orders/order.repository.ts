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
  /**
   * The orders still `pending_payment` that nobody has looked at since `before` (epoch ms), the
   * longest unseen first, at most `limit`. An order enters this watch list in the same atomic
   * write that creates it, seen at its `createdAt`, and leaves it when its status changes, so
   * a crash between storing an order and settling it cannot hide it.
   */
  pendingUnseenSince(before: number, limit: number): Promise<string[]>;
  /** Notes that a pending order was looked at `at` (epoch ms); no-op once it has settled. */
  markPendingSeen(orderId: string, at: number): Promise<void>;
}
