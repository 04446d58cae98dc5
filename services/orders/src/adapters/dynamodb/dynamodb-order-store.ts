import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord } from '../../domain/idempotency';
import type { Order } from '../../domain/order';
import type { OrderListPosition } from '../../domain/order-list-cursor';
import {
  InputAlreadyAppliedError,
  OrderVersionConflictError,
  type ChangeOptions,
  type CreateOrderResult,
  type OrderPage,
  type OrderStore,
  type OverdueOrderRef,
} from '../../ports/order-store';
import type { OutboxEntry } from '../../ports/outbox-event';
import {
  idempotencyItem,
  inboxItem,
  orderItem,
  outboxItem,
  toIdempotencyRecord,
  toOrder,
} from './order-items';
import { CUSTOMER_INDEX, keys, openOrdersByDeadline } from './orders-table';
import { backoffDelay, cancellationCodes, isConditionalCheckFailed, sleep } from '@stratus/lambda';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export interface DynamoDbOrderStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const MAX_CREATE_ATTEMPTS = 4;

/**
 * Orders on DynamoDB. State changes and the events they cause are written in one transaction
 * (the outbox), and every change of an existing order is conditional on the version it was
 * read at, so two concurrent transitions of one order cannot both apply.
 */
export class DynamoDbOrderStore implements OrderStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbOrderStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async create(
    order: Order,
    idempotency: IdempotencyRecord,
    outbox: OutboxEntry[],
  ): Promise<CreateOrderResult> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: idempotencyItem(idempotency),
          // An expired record (TTL deletes lazily) no longer reserves its key.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': idempotency.createdAt },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: orderItem(order),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...this.outboxPuts(order.orderId, outbox),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { created: true };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes[0] === 'ConditionalCheckFailed' || codes[0] === 'TransactionConflict') {
          const existing = await this.getIdempotencyRecord(idempotency.customerId, idempotency.key);
          if (existing !== undefined && Date.parse(existing.expiresAt) > Date.parse(idempotency.createdAt)) {
            return { created: false, existing };
          }
        }
        if (codes[1] === 'ConditionalCheckFailed')
          throw new Error(`order id ${order.orderId} is already taken`);
        if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
        await sleep(backoffDelay(attempt));
      }
    }
  }

  async get(orderId: string): Promise<Order | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.order(orderId), ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : toOrder(result.Item);
  }

  async save(
    order: Order,
    expectedVersion: number,
    outbox: OutboxEntry[],
    options: ChangeOptions = {},
  ): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: orderItem(order),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    };
    const inbox = this.inboxPuts(order.orderId, options);
    try {
      if (outbox.length === 0 && inbox.length === 0) {
        await this.client.send(new PutCommand(put));
      } else {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: put }, ...this.outboxPuts(order.orderId, outbox), ...inbox],
          }),
        );
      }
    } catch (error) {
      const codes = cancellationCodes(error);
      if (inbox.length > 0 && codes?.at(-1) === 'ConditionalCheckFailed') {
        throw new InputAlreadyAppliedError(order.orderId, options.causedBy as string);
      }
      // A concurrent writer of the same order shows up as a failed condition or a conflict.
      if (
        isConditionalCheckFailed(error) ||
        codes?.[0] === 'ConditionalCheckFailed' ||
        codes?.[0] === 'TransactionConflict'
      ) {
        throw new OrderVersionConflictError(order.orderId, expectedVersion);
      }
      throw error;
    }
  }

  async appendOutbox(orderId: string, outbox: OutboxEntry[], options: ChangeOptions = {}): Promise<void> {
    if (outbox.length === 0) return;
    const inbox = this.inboxPuts(orderId, options);
    try {
      await this.client.send(
        new TransactWriteCommand({ TransactItems: [...this.outboxPuts(orderId, outbox), ...inbox] }),
      );
    } catch (error) {
      if (inbox.length > 0 && cancellationCodes(error)?.at(-1) === 'ConditionalCheckFailed') {
        throw new InputAlreadyAppliedError(orderId, options.causedBy as string);
      }
      throw error;
    }
  }

  async getIdempotencyRecord(customerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(customerId, key),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : toIdempotencyRecord(result.Item);
  }

  async listByCustomer(
    customerId: string,
    options: { limit: number; after?: OrderListPosition },
  ): Promise<OrderPage> {
    const gsi1pk = keys.customerPartition(customerId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: CUSTOMER_INDEX,
        KeyConditionExpression: 'gsi1pk = :customer',
        ExpressionAttributeValues: { ':customer': gsi1pk },
        ScanIndexForward: false,
        // One more than asked: tells whether a next page exists without an empty last page.
        Limit: options.limit + 1,
        ...(options.after === undefined
          ? {}
          : {
              // Rebuilt from the caller's own id: a cursor cannot move into another partition.
              ExclusiveStartKey: {
                ...keys.order(options.after.orderId),
                gsi1pk,
                gsi1sk: keys.customerSort(options.after.createdAt, options.after.orderId),
              },
            }),
      }),
    );
    const orders = (result.Items ?? []).map(toOrder);
    const page = orders.slice(0, options.limit);
    const last = page.at(-1);
    // Fewer items than asked for but a LastEvaluatedKey: the 1 MB page limit cut the query short.
    const more = orders.length > options.limit || result.LastEvaluatedKey !== undefined;
    return more && last !== undefined
      ? { orders: page, next: { createdAt: last.createdAt, orderId: last.orderId } }
      : { orders: page };
  }

  async findOverdue(now: Date, limit: number): Promise<OverdueOrderRef[]> {
    const due = await openOrdersByDeadline.findDue(this.client, this.tableName, {
      now,
      limit,
      inclusive: true,
    });
    return due.map(({ dueAt, id }) => ({ deadline: dueAt, orderId: id }));
  }

  /** The inbox marker of `causedBy`, written only if that message never changed this order. */
  private inboxPuts(orderId: string, options: ChangeOptions): TransactItem[] {
    if (options.causedBy === undefined) return [];
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: inboxItem(orderId, options.causedBy, new Date()),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  private outboxPuts(orderId: string, outbox: OutboxEntry[]): TransactItem[] {
    return outbox.map((event) => ({
      Put: {
        TableName: this.tableName,
        Item: outboxItem(orderId, event),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }
}
