import type { IdempotencyRecord } from '../domain/idempotency';
import type { Order } from '../domain/order';
import type { OrderListPosition } from '../domain/order-list-cursor';
import type { OutboxEvent } from './outbox-event';

export type CreateOrderResult =
  | { created: true }
  /** The (customer, key) pair was taken by a concurrent or earlier request. */
  | { created: false; existing: IdempotencyRecord };

export interface OrderPage {
  orders: Order[];
  /** Where the next page starts; absent on the last page. */
  next?: OrderListPosition;
}

export interface OverdueOrderRef {
  orderId: string;
  deadline: string;
}

/** The order was changed by someone else since it was read: read again and re-apply. */
export class OrderVersionConflictError extends Error {
  override readonly name = 'OrderVersionConflictError';
  constructor(
    readonly orderId: string,
    readonly expectedVersion: number,
  ) {
    super(`order ${orderId} is no longer at version ${expectedVersion}`);
  }
}

export interface OrderStore {
  /**
   * Stores a new order, its idempotency record and its events in one atomic write: all or none.
   * An expired idempotency record for the same key is replaced.
   */
  create(order: Order, idempotency: IdempotencyRecord, outbox: OutboxEvent[]): Promise<CreateOrderResult>;

  get(orderId: string): Promise<Order | undefined>;

  /**
   * Replaces the order if it is still at `expectedVersion`, and stores `outbox` in the same
   * write. Throws `OrderVersionConflictError` otherwise.
   */
  save(order: Order, expectedVersion: number, outbox: OutboxEvent[]): Promise<void>;

  /** Stores compensation events for an order whose state does not change. */
  appendOutbox(orderId: string, outbox: OutboxEvent[]): Promise<void>;

  getIdempotencyRecord(customerId: string, key: string): Promise<IdempotencyRecord | undefined>;

  /** A customer's orders, newest first. */
  listByCustomer(
    customerId: string,
    options: { limit: number; after?: OrderListPosition },
  ): Promise<OrderPage>;

  /** Open (PENDING or RESERVED) orders whose deadline is at or before `now`, oldest first. */
  findOverdue(now: Date, limit: number): Promise<OverdueOrderRef[]>;
}
