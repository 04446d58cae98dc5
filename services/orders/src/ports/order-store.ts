import type { IdempotencyRecord } from '../domain/idempotency';
import type { Order } from '../domain/order';
import type { OrderListPosition } from '../domain/order-list-cursor';
import type { OutboxEntry } from './outbox-event';

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

/**
 * The message (event or command) that caused a change was already applied to this order: the
 * change was not written again. Consumers treat it as a duplicate delivery.
 */
export class InputAlreadyAppliedError extends Error {
  override readonly name = 'InputAlreadyAppliedError';
  constructor(
    readonly orderId: string,
    readonly causedBy: string,
  ) {
    super(`order ${orderId} already applied message ${causedBy}`);
  }
}

export interface ChangeOptions {
  /**
   * Id of the message (event or command) that caused the change. It is recorded with the change
   * in the same write, and a second change caused by the same id is refused with
   * `InputAlreadyAppliedError`: a redelivered message changes nothing, compensations included.
   */
  causedBy?: string;
}

export interface OrderStore {
  /**
   * Stores a new order, its idempotency record and its events in one atomic write: all or none.
   * An expired idempotency record for the same key is replaced.
   */
  create(order: Order, idempotency: IdempotencyRecord, outbox: OutboxEntry[]): Promise<CreateOrderResult>;

  get(orderId: string): Promise<Order | undefined>;

  /**
   * Replaces the order if it is still at `expectedVersion`, and stores `outbox` in the same
   * write. Throws `OrderVersionConflictError` otherwise, or `InputAlreadyAppliedError` when
   * `options.causedBy` was applied before.
   */
  save(order: Order, expectedVersion: number, outbox: OutboxEntry[], options?: ChangeOptions): Promise<void>;

  /** Stores compensations (events, commands) for an order whose state does not change. */
  appendOutbox(orderId: string, outbox: OutboxEntry[], options?: ChangeOptions): Promise<void>;

  getIdempotencyRecord(customerId: string, key: string): Promise<IdempotencyRecord | undefined>;

  /** A customer's orders, newest first. */
  listByCustomer(
    customerId: string,
    options: { limit: number; after?: OrderListPosition },
  ): Promise<OrderPage>;

  /** Open (PENDING or RESERVED) orders whose deadline is at or before `now`, oldest first. */
  findOverdue(now: Date, limit: number): Promise<OverdueOrderRef[]>;
}
