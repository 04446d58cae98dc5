import { InventoryReleased, InventoryReserved, parseEvent, StockLow } from '@stratus/events';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { inventoryTableDefinition } from '../../../src/adapters/dynamodb/inventory-table';
import {
  createTestTable,
  startCapturingEventBus,
  type CapturingEventBus,
  type TestTable,
} from '@stratus/local-cloud/testing';
import { lambdaContext } from '@stratus/lambda/testing';
import { eventBridgeEnvelope, restEvent, sqsBatch } from '../support/lambda-events';

type Handler<E, R> = (event: E, context: ReturnType<typeof lambdaContext>) => Promise<R>;

let table: TestTable;
/** Every inventory event names the order it is about, if any, in its data. */
type InventoryEventDetail = { data: { orderId?: string } };
let captured: CapturingEventBus<InventoryEventDetail>;
let orderEvents: Handler<unknown, SQSBatchResponse>;
let putStock: Handler<unknown, APIGatewayProxyResult>;
let getStock: Handler<unknown, APIGatewayProxyResult>;

beforeAll(async () => {
  table = await createTestTable(inventoryTableDefinition);
  captured = await startCapturingEventBus<InventoryEventDetail>({ source: ['stratus.inventory'] });
  // The handlers reach the emulators exactly as on Lambda: through the SDK's endpoint variables.
  Object.assign(process.env, {
    INVENTORY_TABLE_NAME: table.tableName,
    EVENT_BUS_NAME: captured.busName,
    AWS_ENDPOINT_URL_DYNAMODB: process.env.STRATUS_TEST_DYNAMODB_ENDPOINT,
    AWS_ENDPOINT_URL_EVENTBRIDGE: captured.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_SERVICE_NAME: 'inventory',
    POWERTOOLS_METRICS_NAMESPACE: 'Stratus',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    RESERVATION_HOLD_SECONDS: '600',
  });
  orderEvents = (await import('../../../src/handlers/order-events')).handler as never;
  putStock = (await import('../../../src/handlers/put-stock')).handler as never;
  getStock = (await import('../../../src/handlers/get-stock')).handler as never;
});
afterAll(async () => {
  await captured.stop();
  await table.drop();
});
beforeEach(() => captured.clear());

const admin = { principalId: 'ops', role: 'admin' };
const put = (sku: string, body: unknown, auth = admin) => putRaw(sku, body, auth);
const restock = async (sku: string, body: unknown) =>
  expect((await putRaw(sku, body, admin)).statusCode).toBe(200);
const putRaw = (sku: string, body: unknown, auth: { principalId: string; role: string }) =>
  putStock(
    restEvent({
      method: 'PUT',
      resource: '/inventory/{sku}',
      path: `/inventory/${sku}`,
      pathParameters: { sku },
      body,
      auth,
    }),
    lambdaContext(),
  );
const get = (sku: string, auth = admin) =>
  getStock(
    restEvent({
      method: 'GET',
      resource: '/inventory/{sku}',
      path: `/inventory/${sku}`,
      pathParameters: { sku },
      auth,
    }),
    lambdaContext(),
  );
const orderEvent = (
  detailType: string,
  data: unknown,
  ids: { eventId?: string; correlationId?: string } = {},
) => JSON.stringify(eventBridgeEnvelope({ source: 'stratus.orders', detailType, data, ...ids }));

describe('PUT and GET /inventory/{sku}', () => {
  it('an admin sets stock over shards; anyone signed in reads available and reserved', async () => {
    const response = await put('HTTP-001', { available: 40, shards: 4, lowStockThreshold: 5 });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      sku: 'HTTP-001',
      available: 40,
      reserved: 0,
      sold: 0,
      shards: 4,
      lowStockThreshold: 5,
    });

    const read = await get('HTTP-001', { principalId: 'alice', role: 'customer' });
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ available: 40, reserved: 0 });
  });

  it.each([
    ['a customer', { available: 5 }, { principalId: 'alice', role: 'customer' }, 403],
    ['a negative amount', { available: -1 }, admin, 400],
    ['an extra field', { available: 5, price: 3 }, admin, 400],
    ['a string amount', { available: '5' }, admin, 400],
    ['malformed JSON', '{"available": ', admin, 400],
    ['too many shards', { available: 5, shards: 21 }, admin, 400],
  ])('refuses %s', async (_name, body, auth, status) => {
    const response = await put('HTTP-002', body, auth);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toHaveProperty('error.code');
    expect((await get('HTTP-002')).statusCode).toBe(404);
  });

  it('refuses a lower-case SKU in the path and an unauthenticated caller', async () => {
    expect((await put('bad-sku', { available: 1 })).statusCode).toBe(400);
    const anonymous = await getStock(
      restEvent({
        method: 'GET',
        resource: '/inventory/{sku}',
        path: '/inventory/HTTP-001',
        pathParameters: { sku: 'HTTP-001' },
      }),
      lambdaContext(),
    );
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses to remove shards with 409 and leaves the stock alone', async () => {
    await put('HTTP-003', { available: 8, shards: 4 });
    const response = await put('HTTP-003', { available: 8, shards: 2 });
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).error.code).toBe('SHARD_COUNT_CANNOT_SHRINK');
    expect(JSON.parse((await get('HTTP-003')).body)).toMatchObject({ available: 8, shards: 4 });
  });

  it('answers 404 for a SKU with no stock', async () => {
    const response = await get('NEVER-SEEN');
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('UNKNOWN_SKU');
  });
});

describe('order events from the queue', () => {
  it('reserves for OrderPlaced and announces InventoryReserved on the bus in the same flow', async () => {
    await restock('QUEUE-001', { available: 3, lowStockThreshold: 1 });
    const orderId = randomUUID();
    const eventId = randomUUID();
    const response = await orderEvents(
      sqsBatch([
        orderEvent(
          'OrderPlaced',
          {
            orderId,
            customerId: 'alice',
            items: [{ sku: 'QUEUE-001', quantity: 2 }],
            placedAt: new Date().toISOString(),
          },
          { eventId, correlationId: 'corr-flow-1' },
        ),
      ]),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });

    await captured.waitForDeliveries(2);
    const reserved = parseEvent(
      InventoryReserved,
      captured.delivered.find((e) => e['detail-type'] === 'InventoryReserved'),
    );
    expect(reserved.data).toMatchObject({ orderId, lines: [{ sku: 'QUEUE-001', quantity: 2 }] });
    expect(reserved.metadata).toMatchObject({ correlationId: 'corr-flow-1', causationId: eventId });
    expect(Date.parse(reserved.data.expiresAt) - Date.parse(reserved.data.reservedAt)).toBe(600_000);
    const low = parseEvent(
      StockLow,
      captured.delivered.find((e) => e['detail-type'] === 'StockLow'),
    );
    expect(low.data).toMatchObject({ sku: 'QUEUE-001', available: 1, threshold: 1 });
    expect(JSON.parse((await get('QUEUE-001')).body)).toMatchObject({ available: 1, reserved: 2 });
  });

  it('a batch with a duplicate and a poison record: the duplicate changes nothing, only the poison fails', async () => {
    await restock('QUEUE-002', { available: 5 });
    const orderId = randomUUID();
    const placed = orderEvent('OrderPlaced', {
      orderId,
      customerId: 'bob',
      items: [{ sku: 'QUEUE-002', quantity: 1 }],
      placedAt: new Date().toISOString(),
    });
    const poison = orderEvent('OrderPlaced', {
      orderId: 'not-a-uuid',
      customerId: 'bob',
      items: [],
      placedAt: 'yesterday',
    });
    const batch = sqsBatch([placed, poison, placed]);

    const response = await orderEvents(batch, lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[1]!.messageId }]);
    expect(JSON.parse((await get('QUEUE-002')).body)).toMatchObject({ available: 4, reserved: 1 });
  });

  it('OrderCancelled releases and announces it; OrderConfirmed commits', async () => {
    await restock('QUEUE-003', { available: 10 });
    const cancelledId = randomUUID();
    const confirmedId = randomUUID();
    const placedAt = new Date().toISOString();
    await orderEvents(
      sqsBatch([
        orderEvent('OrderPlaced', {
          orderId: cancelledId,
          customerId: 'carol',
          items: [{ sku: 'QUEUE-003', quantity: 3 }],
          placedAt,
        }),
        orderEvent('OrderPlaced', {
          orderId: confirmedId,
          customerId: 'carol',
          items: [{ sku: 'QUEUE-003', quantity: 4 }],
          placedAt,
        }),
      ]),
      lambdaContext(),
    );
    await captured.waitForDeliveries(2);
    const reservationOf = (id: string) =>
      parseEvent(
        InventoryReserved,
        captured.delivered.find((e) => e.detail.data.orderId === id),
      ).data.reservationId;
    const items = [{ sku: 'QUEUE-003', quantity: 3 }];

    const response = await orderEvents(
      sqsBatch([
        orderEvent('OrderCancelled', {
          orderId: cancelledId,
          customerId: 'carol',
          reason: 'CANCELLED_BY_CUSTOMER',
          items,
          reservationId: reservationOf(cancelledId),
          cancelledAt: placedAt,
        }),
        orderEvent('OrderConfirmed', {
          orderId: confirmedId,
          customerId: 'carol',
          reservationId: reservationOf(confirmedId),
          items: [{ sku: 'QUEUE-003', quantity: 4 }],
          confirmedAt: placedAt,
        }),
      ]),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(JSON.parse((await get('QUEUE-003')).body)).toMatchObject({ available: 6, reserved: 0, sold: 4 });
    await captured.waitForDeliveries(3);
    const released = parseEvent(
      InventoryReleased,
      captured.delivered.find((e) => e['detail-type'] === 'InventoryReleased'),
    );
    expect(released.data).toMatchObject({ orderId: cancelledId, reason: 'ORDER_CANCELLED', lines: items });
  });

  it('a confirmation without a live hold fails its record, so it ends in the DLQ', async () => {
    const batch = sqsBatch([
      orderEvent('OrderConfirmed', {
        orderId: randomUUID(),
        customerId: 'dave',
        reservationId: randomUUID(),
        items: [{ sku: 'QUEUE-004', quantity: 1 }],
        confirmedAt: new Date().toISOString(),
      }),
    ]);
    await expect(orderEvents(batch, lambdaContext())).rejects.toThrow(/All records failed/);
  });
});
