import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { DynamoDbOrderStore } from '../../src/adapters/dynamodb/dynamodb-order-store';
import { toOutboxEvent } from '../../src/adapters/dynamodb/order-items';
import { keys, ordersTableDefinition, TTL_ATTRIBUTE } from '../../src/adapters/dynamodb/orders-table';
import { requestFingerprint, type IdempotencyRecord } from '../../src/domain/idempotency';
import type { Order, PendingOrder } from '../../src/domain/order';
import type { OrderInput } from '../../src/domain/order-inputs';
import { applyInput } from '../../src/domain/order-state-machine';
import { placeOrder } from '../../src/domain/place-order';
import { OrderVersionConflictError } from '../../src/ports/order-store';
import type { OutboxEvent } from '../../src/ports/outbox-event';
import { createTestTable, type TestTable } from '@stratus/local-cloud/testing';

const T0 = new Date('2026-11-27T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const items = [{ sku: 'TSHIRT-RED-XL', quantity: 2 }];

let table: TestTable;
let store: DynamoDbOrderStore;

beforeAll(async () => {
  table = await createTestTable(ordersTableDefinition, TTL_ATTRIBUTE);
  store = new DynamoDbOrderStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(() => table.drop());

function newOrder(customerId = 'alice', now = T0): { order: PendingOrder; outbox: OutboxEvent[] } {
  const { order, events } = placeOrder({
    orderId: randomUUID(),
    customerId,
    correlationId: `corr-${randomUUID()}`,
    request: { items },
    now,
    pendingTimeoutSeconds: 300,
  });
  return {
    order,
    outbox: events.map((event) => ({
      eventId: randomUUID(),
      event,
      correlationId: order.correlationId,
      occurredAt: now.toISOString(),
    })),
  };
}

function idempotencyFor(
  order: Order,
  key = `key-${randomUUID()}`,
  body: unknown = { items },
): IdempotencyRecord {
  return {
    customerId: order.customerId,
    key,
    requestHash: requestFingerprint(body),
    orderId: order.orderId,
    response: { statusCode: 202, body: { orderId: order.orderId, status: 'PENDING' } },
    createdAt: order.createdAt,
    expiresAt: new Date(Date.parse(order.createdAt) + 24 * 3600_000).toISOString(),
  };
}

async function outboxOf(orderId: string): Promise<OutboxEvent[]> {
  const result = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
      ExpressionAttributeValues: { ':pk': `ORDER#${orderId}`, ':outbox': 'OUTBOX#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map(toOutboxEvent);
}

describe('create', () => {
  it('stores the order, its idempotency record and its events together', async () => {
    const { order, outbox } = newOrder();
    const record = idempotencyFor(order);

    expect(await store.create(order, record, outbox)).toEqual({ created: true });
    expect(await store.get(order.orderId)).toEqual(order);
    expect(await store.getIdempotencyRecord('alice', record.key)).toEqual(record);
    expect(await outboxOf(order.orderId)).toEqual(outbox);
  });

  it('a reused key returns the first record and writes nothing else', async () => {
    const first = newOrder();
    const record = idempotencyFor(first.order);
    await store.create(first.order, record, first.outbox);

    const second = newOrder();
    const result = await store.create(
      second.order,
      { ...idempotencyFor(second.order, record.key, { other: true }) },
      second.outbox,
    );
    expect(result).toEqual({ created: false, existing: record });
    expect(await store.get(second.order.orderId)).toBeUndefined();
    expect(await outboxOf(second.order.orderId)).toEqual([]);
  });

  it('keys are per customer: the same key from another customer is a new request', async () => {
    const alice = newOrder('alice');
    const bob = newOrder('bob');
    const key = `shared-${randomUUID()}`;
    expect(await store.create(alice.order, idempotencyFor(alice.order, key), alice.outbox)).toEqual({
      created: true,
    });
    expect(await store.create(bob.order, idempotencyFor(bob.order, key), bob.outbox)).toEqual({
      created: true,
    });
  });

  it('an expired record no longer holds its key', async () => {
    const old = newOrder('alice', T0);
    const key = `old-${randomUUID()}`;
    await store.create(old.order, idempotencyFor(old.order, key), old.outbox);

    const fresh = newOrder('alice', minutes(25 * 60));
    const record = idempotencyFor(fresh.order, key);
    expect(await store.create(fresh.order, record, fresh.outbox)).toEqual({ created: true });
    expect(await store.getIdempotencyRecord('alice', key)).toEqual(record);
  });

  it('ten concurrent requests with one key create exactly one order', async () => {
    const key = `race-${randomUUID()}`;
    const attempts = Array.from({ length: 10 }, () => newOrder());
    const results = await Promise.all(
      attempts.map(({ order, outbox }) => store.create(order, idempotencyFor(order, key), outbox)),
    );

    expect(results.filter((r) => r.created)).toHaveLength(1);
    const stored = await store.getIdempotencyRecord('alice', key);
    for (const result of results) if (!result.created) expect(result.existing).toEqual(stored);
    const existing = await Promise.all(attempts.map(({ order }) => store.get(order.orderId)));
    expect(existing.filter((o) => o !== undefined).map((o) => o!.orderId)).toEqual([stored!.orderId]);
  });

  it('is all or nothing: a clash on the order id leaves no idempotency record behind', async () => {
    const { order, outbox } = newOrder();
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: { ...keys.order(order.orderId), squatter: true } }),
    );
    const record = idempotencyFor(order);
    await expect(store.create(order, record, outbox)).rejects.toThrow(/already taken/);
    expect(await store.getIdempotencyRecord('alice', record.key)).toBeUndefined();
    expect(await outboxOf(order.orderId)).toEqual([]);
  });

  it('idempotency records and outbox items expire by TTL', async () => {
    const { order, outbox } = newOrder();
    const record = idempotencyFor(order);
    await store.create(order, record, outbox);
    const idem = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.idempotency('alice', record.key) }),
    );
    expect(idem.Item?.ttl).toBe(Date.parse(record.expiresAt) / 1000);
    const event = await table.documentClient.send(
      new GetCommand({
        TableName: table.tableName,
        Key: keys.outbox(order.orderId, outbox[0]!.occurredAt, outbox[0]!.eventId),
      }),
    );
    expect(event.Item?.ttl).toBe(T0.getTime() / 1000 + 7 * 24 * 3600);
  });
});

describe('save', () => {
  it('applies a transition at the expected version together with its events', async () => {
    const { order, outbox } = newOrder();
    await store.create(order, idempotencyFor(order), outbox);
    const t = applyInput(order, { type: 'CustomerCancelled' }, minutes(1));
    if (t.outcome !== 'applied') throw new Error('expected an applied transition');
    const cancelledEvents = t.events.map((event) => ({
      eventId: randomUUID(),
      event,
      correlationId: order.correlationId,
      causationId: 'req-1',
      occurredAt: minutes(1).toISOString(),
    }));

    await store.save(t.order, order.version, cancelledEvents);
    expect(await store.get(order.orderId)).toEqual(t.order);
    expect(await outboxOf(order.orderId)).toEqual([...outbox, ...cancelledEvents]);
  });

  it('refuses a stale version and writes none of its events', async () => {
    const { order, outbox } = newOrder();
    await store.create(order, idempotencyFor(order), outbox);
    const reserved = applyInput(
      order,
      { type: 'InventoryReserved', reservationId: randomUUID(), expiresAt: minutes(15).toISOString() },
      minutes(1),
    );
    await store.save(reserved.order, order.version, []);

    const stale = applyInput(order, { type: 'CustomerCancelled' }, minutes(2));
    if (stale.outcome !== 'applied') throw new Error('expected an applied transition');
    const events = stale.events.map((event) => ({
      eventId: randomUUID(),
      event,
      correlationId: 'c',
      occurredAt: minutes(2).toISOString(),
    }));
    await expect(store.save(stale.order, order.version, events)).rejects.toThrow(OrderVersionConflictError);
    await expect(store.save(stale.order, order.version, [])).rejects.toThrow(OrderVersionConflictError);
    expect(await store.get(order.orderId)).toEqual(reserved.order);
    expect(await outboxOf(order.orderId)).toEqual(outbox);
  });

  it('of two concurrent transitions from one version, exactly one applies', async () => {
    const { order, outbox } = newOrder();
    await store.create(order, idempotencyFor(order), outbox);
    const inputs: OrderInput[] = [
      { type: 'CustomerCancelled' },
      { type: 'InventoryReservationFailed', reason: 'OUT_OF_STOCK', skus: ['TSHIRT-RED-XL'] },
    ];
    const results = await Promise.allSettled(
      inputs.map((input) => {
        const t = applyInput(order, input, minutes(1));
        const events = t.outcome === 'applied' ? t.events : [];
        return store.save(
          t.order,
          order.version,
          events.map((event) => ({
            eventId: randomUUID(),
            event,
            correlationId: 'c',
            occurredAt: minutes(1).toISOString(),
          })),
        );
      }),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await outboxOf(order.orderId)).filter((e) => e.event.type === 'OrderCancelled')).toHaveLength(1);
  });

  it('appendOutbox stores compensations without touching the order', async () => {
    const { order, outbox } = newOrder();
    await store.create(order, idempotencyFor(order), outbox);
    const extra: OutboxEvent = { ...outbox[0]!, eventId: randomUUID(), occurredAt: minutes(3).toISOString() };
    await store.appendOutbox(order.orderId, [extra]);
    expect(await store.get(order.orderId)).toEqual(order);
    expect(await outboxOf(order.orderId)).toEqual([...outbox, extra]);
  });
});

describe('listByCustomer', () => {
  it('pages through a customer’s orders newest first, each exactly once, and nobody else’s', async () => {
    const customer = `carol-${randomUUID()}`;
    const placed: Order[] = [];
    for (let i = 0; i < 7; i++) {
      const { order, outbox } = newOrder(customer, minutes(i));
      await store.create(order, idempotencyFor(order), outbox);
      placed.push(order);
    }
    const other = newOrder(`dave-${randomUUID()}`, minutes(3));
    await store.create(other.order, idempotencyFor(other.order), other.outbox);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let after: { createdAt: string; orderId: string } | undefined;
    do {
      const page = await store.listByCustomer(customer, { limit: 3, ...(after ? { after } : {}) });
      pageSizes.push(page.orders.length);
      seen.push(...page.orders.map((o) => o.orderId));
      after = page.next;
    } while (after !== undefined);

    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...placed].reverse().map((o) => o.orderId));
  });

  it('a page that ends exactly at the last order has no next cursor', async () => {
    const customer = `erin-${randomUUID()}`;
    for (let i = 0; i < 2; i++) {
      const { order, outbox } = newOrder(customer, minutes(i));
      await store.create(order, idempotencyFor(order), outbox);
    }
    const page = await store.listByCustomer(customer, { limit: 2 });
    expect(page.orders).toHaveLength(2);
    expect(page.next).toBeUndefined();
    expect(await store.listByCustomer(`nobody-${randomUUID()}`, { limit: 5 })).toEqual({ orders: [] });
  });

  it('a cursor taken from another customer’s list still only shows the caller’s orders', async () => {
    const frank = `frank-${randomUUID()}`;
    const grace = `grace-${randomUUID()}`;
    const frankOrders: Order[] = [];
    for (let i = 0; i < 3; i++) {
      const f = newOrder(frank, minutes(i));
      await store.create(f.order, idempotencyFor(f.order), f.outbox);
      frankOrders.push(f.order);
      const g = newOrder(grace, minutes(i));
      await store.create(g.order, idempotencyFor(g.order), g.outbox);
    }
    const graceFirst = await store.listByCustomer(grace, { limit: 1 });
    const page = await store.listByCustomer(frank, { limit: 10, after: graceFirst.next! });
    expect(page.orders.every((o) => o.customerId === frank)).toBe(true);
  });
});

describe('findOverdue', () => {
  it('finds open orders at or past their deadline, oldest first; terminal orders drop out', async () => {
    const sweepTable = await createTestTable(ordersTableDefinition);
    const sweepStore = new DynamoDbOrderStore({
      client: sweepTable.documentClient,
      tableName: sweepTable.tableName,
    });
    try {
      // Deadlines: placed at minute m with a 5-minute timeout -> m + 5.
      const orders: PendingOrder[] = [];
      for (const m of [4, 0, 30, 2]) {
        const { order, outbox } = newOrder('alice', minutes(m));
        await sweepStore.create(order, idempotencyFor(order), outbox);
        orders.push(order);
      }
      const found = await sweepStore.findOverdue(minutes(9), 10);
      expect(found).toEqual(
        [orders[1], orders[3], orders[0]].map((o) => ({ orderId: o!.orderId, deadline: o!.deadline })),
      );

      const cancelled = applyInput(orders[1]!, { type: 'DeadlinePassed' }, minutes(9));
      await sweepStore.save(cancelled.order, orders[1]!.version, []);
      expect((await sweepStore.findOverdue(minutes(9), 10)).map((o) => o.orderId)).toEqual([
        orders[3]!.orderId,
        orders[0]!.orderId,
      ]);
      expect(await sweepStore.findOverdue(minutes(9), 1)).toHaveLength(1);
    } finally {
      await sweepTable.drop();
    }
  });
});
