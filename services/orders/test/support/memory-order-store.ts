import type { IdempotencyRecord } from '../../src/domain/idempotency';
import type { Order } from '../../src/domain/order';
import type { OrderListPosition } from '../../src/domain/order-list-cursor';
import {
  InputAlreadyAppliedError,
  OrderVersionConflictError,
  type ChangeOptions,
  type CreateOrderResult,
  type OrderPage,
  type OrderStore,
  type OverdueOrderRef,
} from '../../src/ports/order-store';
import type { OutboxEntry } from '../../src/ports/outbox-event';

/**
 * A test double of OrderStore for handler unit tests: the same contract as the DynamoDB store
 * (conditional create per idempotency key, version-conditional save, inbox markers), in memory.
 * The DynamoDB store itself is tested against DynamoDB Local in test/integration.
 */
export class MemoryOrderStore implements OrderStore {
  readonly orders = new Map<string, Order>();
  readonly outbox: { orderId: string; entry: OutboxEntry }[] = [];
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly inbox = new Set<string>();

  async create(order: Order, record: IdempotencyRecord, outbox: OutboxEntry[]): Promise<CreateOrderResult> {
    const key = `${record.customerId}#${record.key}`;
    const existing = this.idempotency.get(key);
    if (existing && Date.parse(existing.expiresAt) > Date.parse(record.createdAt)) {
      return { created: false, existing };
    }
    if (this.orders.has(order.orderId)) throw new Error(`order id ${order.orderId} is already taken`);
    this.idempotency.set(key, structuredClone(record));
    this.orders.set(order.orderId, structuredClone(order));
    this.outbox.push(...outbox.map((entry) => ({ orderId: order.orderId, entry })));
    return { created: true };
  }

  async get(orderId: string): Promise<Order | undefined> {
    const order = this.orders.get(orderId);
    return order === undefined ? undefined : structuredClone(order);
  }

  async save(
    order: Order,
    expectedVersion: number,
    outbox: OutboxEntry[],
    options: ChangeOptions = {},
  ): Promise<void> {
    this.checkInbox(order.orderId, options);
    if (this.orders.get(order.orderId)?.version !== expectedVersion) {
      throw new OrderVersionConflictError(order.orderId, expectedVersion);
    }
    this.recordInbox(order.orderId, options);
    this.orders.set(order.orderId, structuredClone(order));
    this.outbox.push(...outbox.map((entry) => ({ orderId: order.orderId, entry })));
  }

  async appendOutbox(orderId: string, outbox: OutboxEntry[], options: ChangeOptions = {}): Promise<void> {
    if (outbox.length === 0) return;
    this.checkInbox(orderId, options);
    this.recordInbox(orderId, options);
    this.outbox.push(...outbox.map((entry) => ({ orderId, entry })));
  }

  async getIdempotencyRecord(customerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.idempotency.get(`${customerId}#${key}`);
  }

  async listByCustomer(
    customerId: string,
    options: { limit: number; after?: OrderListPosition },
  ): Promise<OrderPage> {
    const sortKey = (order: { createdAt: string; orderId: string }) => `${order.createdAt}#${order.orderId}`;
    const mine = [...this.orders.values()]
      .filter((order) => order.customerId === customerId)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1))
      .filter((order) => options.after === undefined || sortKey(order) < sortKey(options.after));
    const page = mine.slice(0, options.limit);
    const last = page.at(-1);
    return mine.length > options.limit && last
      ? { orders: page, next: { createdAt: last.createdAt, orderId: last.orderId } }
      : { orders: page };
  }

  async findOverdue(now: Date, limit: number): Promise<OverdueOrderRef[]> {
    return [...this.orders.values()]
      .filter(
        (order) =>
          (order.status === 'PENDING' || order.status === 'RESERVED') &&
          Date.parse(order.deadline) <= now.getTime(),
      )
      .map((order) => ({ orderId: order.orderId, deadline: (order as { deadline: string }).deadline }))
      .sort((a, b) => (a.deadline < b.deadline ? -1 : 1))
      .slice(0, limit);
  }

  /** Outbox entries of one order, in the order they were written. */
  entriesOf(orderId: string): OutboxEntry[] {
    return this.outbox.filter((item) => item.orderId === orderId).map((item) => item.entry);
  }

  private checkInbox(orderId: string, options: ChangeOptions): void {
    if (options.causedBy !== undefined && this.inbox.has(`${orderId}#${options.causedBy}`)) {
      throw new InputAlreadyAppliedError(orderId, options.causedBy);
    }
  }

  private recordInbox(orderId: string, options: ChangeOptions): void {
    if (options.causedBy !== undefined) this.inbox.add(`${orderId}#${options.causedBy}`);
  }
}
