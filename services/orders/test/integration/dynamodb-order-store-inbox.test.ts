import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { DynamoDbOrderStore } from '../../src/adapters/dynamodb/dynamodb-order-store';
import { toOutboxEntry } from '../../src/adapters/dynamodb/order-items';
import { ordersTableDefinition, TTL_ATTRIBUTE } from '../../src/adapters/dynamodb/orders-table';
import type { Order } from '../../src/domain/order';
import { applyInput } from '../../src/domain/order-state-machine';
import { placeOrder } from '../../src/domain/place-order';
import { InputAlreadyAppliedError, OrderVersionConflictError } from '../../src/ports/order-store';
import type { OutboxCommand } from '../../src/ports/outbox-command';
import type { OutboxEntry } from '../../src/ports/outbox-event';
import { createTestTable, type TestTable } from '@stratus/local-cloud/testing';

const T0 = new Date('2026-11-27T10:00:00.000Z');
let table: TestTable;
let store: DynamoDbOrderStore;

beforeAll(async () => {
  table = await createTestTable(ordersTableDefinition, TTL_ATTRIBUTE);
  store = new DynamoDbOrderStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(() => table.drop());

async function storedOrder(): Promise<Order> {
  const { order } = placeOrder({
    orderId: randomUUID(),
    customerId: 'alice',
    correlationId: 'corr-1',
    request: { items: [{ sku: 'MUG-001', quantity: 1 }] },
    now: T0,
    pendingTimeoutSeconds: 300,
    contactEmail: 'alice@example.com',
  });
  const created = await store.create(
    order,
    {
      customerId: 'alice',
      key: `key-${randomUUID()}`,
      requestHash: 'h',
      orderId: order.orderId,
      response: { statusCode: 202, body: {} },
      createdAt: T0.toISOString(),
      expiresAt: new Date(T0.getTime() + 3_600_000).toISOString(),
    },
    [],
  );
  expect(created.created).toBe(true);
  return order;
}

const itemsOf = async (orderId: string, prefix: string) =>
  (
    await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ORDER#${orderId}`, ':prefix': prefix },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const reserved = (order: Order, at = new Date(T0.getTime() + 1000)) =>
  applyInput(
    order,
    { type: 'InventoryReserved', reservationId: randomUUID(), expiresAt: '2026-11-27T10:15:00.000Z' },
    at,
  );

function requestPayment(order: Order): OutboxCommand {
  return {
    commandId: randomUUID(),
    command: {
      type: 'RequestPayment',
      orderId: order.orderId,
      customerId: 'alice',
      reservationId: randomUUID(),
      items: order.items,
    },
    correlationId: 'corr-1',
    causationId: randomUUID(),
    occurredAt: '2026-11-27T10:00:01.000Z',
  };
}

describe('DynamoDbOrderStore: commands and inbox markers', () => {
  it('stores commands in the outbox with the state change and reads them back as written', async () => {
    const order = await storedOrder();
    const transition = reserved(order);
    const command = requestPayment(order);
    await store.save(transition.order, order.version, [command]);
    const [item] = await itemsOf(order.orderId, 'OUTBOX#');
    expect(item).toMatchObject({ type: 'OutboxCommand', commandType: 'RequestPayment' });
    expect(toOutboxEntry(item!)).toEqual(command);
    expect((await store.get(order.orderId))?.contactEmail).toBe('alice@example.com');
  });

  it('records the causing message with the change and refuses a second change caused by it', async () => {
    const order = await storedOrder();
    const causedBy = randomUUID();
    const first = reserved(order);
    await store.save(first.order, order.version, [requestPayment(order)], { causedBy });
    // A redelivery re-applied to the new state: refused by the marker, not by the version.
    const again = applyInput(first.order, { type: 'CustomerCancelled' }, new Date(T0.getTime() + 2000));
    const attempt = store.save(again.order, first.order.version, [], { causedBy });
    await expect(attempt).rejects.toBeInstanceOf(InputAlreadyAppliedError);
    expect((await store.get(order.orderId))?.status).toBe('RESERVED');
    expect(await itemsOf(order.orderId, 'OUTBOX#')).toHaveLength(1);
    expect(await itemsOf(order.orderId, 'INBOX#')).toEqual([
      expect.objectContaining({ type: 'InboxMarker', messageId: causedBy, ttl: expect.any(Number) }),
    ]);
  });

  it('keeps reporting a stale version as a version conflict when a marker is written too', async () => {
    const order = await storedOrder();
    await store.save(reserved(order).order, order.version, []);
    await expect(
      store.save(reserved(order).order, order.version, [], { causedBy: randomUUID() }),
    ).rejects.toBeInstanceOf(OrderVersionConflictError);
  });

  it('writes compensations once per causing message', async () => {
    const order = await storedOrder();
    const causedBy = randomUUID();
    const compensation: OutboxEntry = { ...requestPayment(order), commandId: randomUUID() };
    await store.appendOutbox(order.orderId, [compensation], { causedBy });
    await expect(
      store.appendOutbox(order.orderId, [{ ...compensation, commandId: randomUUID() }], { causedBy }),
    ).rejects.toBeInstanceOf(InputAlreadyAppliedError);
    expect(await itemsOf(order.orderId, 'OUTBOX#')).toHaveLength(1);
  });
});
