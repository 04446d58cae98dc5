import { randomUUID } from 'node:crypto';
import { DynamoDbStockStore } from '../../../src/adapters/dynamodb/dynamodb-stock-store';
import { inventoryTableDefinition } from '../../../src/adapters/dynamodb/inventory-table';
import { handleOrderCancelled } from '../../../src/application/handle-order-cancelled';
import { handleOrderConfirmed } from '../../../src/application/handle-order-confirmed';
import { handleOrderPlaced } from '../../../src/application/handle-order-placed';
import {
  SagaInconsistencyError,
  type InventoryDependencies,
} from '../../../src/application/inventory-dependencies';
import { releaseExpiredHolds } from '../../../src/application/release-expired-holds';
import { restockSku } from '../../../src/application/restock-sku';
import { totalsOf } from '../../../src/domain/shard-stock';
import { createTestTable, type TestTable } from '@stratus/local-cloud/testing';
import { RecordingPublisher } from '../support/recording-publisher';

const T0 = new Date('2026-11-27T10:00:00.000Z');
const context = { correlationId: 'corr-1', causationId: 'evt-1' };

let table: TestTable;
let store: DynamoDbStockStore;
let publisher: RecordingPublisher;
let now: Date;
let deps: InventoryDependencies;

beforeAll(async () => {
  table = await createTestTable(inventoryTableDefinition);
  store = new DynamoDbStockStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(() => table.drop());

beforeEach(() => {
  publisher = new RecordingPublisher();
  now = T0;
  deps = {
    store,
    publisher,
    clock: { now: () => now },
    ids: { newId: () => randomUUID() },
    random: () => 0,
    holdSeconds: 900,
    expiryGraceSeconds: 3600,
  };
});

const sku = () => `SKU${Math.floor(Math.random() * 1e9)}`;
const available = async (name: string) => totalsOf((await store.getStock(name))!.shards);

describe('OrderPlaced', () => {
  it('reserves and announces InventoryReserved with the hold expiry, in the flow of the cause', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5, shardCount: 2 }, T0);
    const orderId = randomUUID();

    const outcome = await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 2 }] }, context);

    expect(outcome).toMatchObject({ result: 'reserved', attempts: 1 });
    expect(publisher.published).toEqual([
      {
        context,
        event: {
          type: 'InventoryReserved',
          data: {
            orderId,
            reservationId: expect.any(String),
            lines: [{ sku: name, quantity: 2 }],
            reservedAt: T0.toISOString(),
            expiresAt: '2026-11-27T10:15:00.000Z',
          },
        },
      },
    ]);
    expect(await available(name)).toEqual({ available: 3, reserved: 2, sold: 0 });
  });

  it('announces StockLow once, on the reservation that crosses the threshold', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 12, lowStockThreshold: 10 }, T0);
    await handleOrderPlaced(deps, { orderId: randomUUID(), items: [{ sku: name, quantity: 1 }] }, context);
    await handleOrderPlaced(deps, { orderId: randomUUID(), items: [{ sku: name, quantity: 1 }] }, context);
    await handleOrderPlaced(deps, { orderId: randomUUID(), items: [{ sku: name, quantity: 1 }] }, context);
    expect(publisher.types()).toEqual([
      'InventoryReserved',
      'InventoryReserved',
      'StockLow',
      'InventoryReserved',
    ]);
    expect(publisher.published[2]!.event.data).toEqual({
      sku: name,
      available: 10,
      threshold: 10,
      detectedAt: T0.toISOString(),
    });
  });

  it('announces InventoryReservationFailed with each short line and reserves nothing', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 1 }, T0);
    const orderId = randomUUID();
    await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 2 }] }, context);
    expect(publisher.published.map((p) => p.event)).toEqual([
      {
        type: 'InventoryReservationFailed',
        data: {
          orderId,
          reason: 'OUT_OF_STOCK',
          lines: [{ sku: name, requested: 2, available: 1, reason: 'OUT_OF_STOCK' }],
          failedAt: T0.toISOString(),
        },
      },
    ]);
    expect(await available(name)).toEqual({ available: 1, reserved: 0, sold: 0 });
  });

  it('a redelivery announces the same decision again without reserving twice', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5 }, T0);
    const orderId = randomUUID();
    publisher.failNext = true;
    await expect(
      handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 2 }] }, context),
    ).rejects.toThrow('bus unavailable');

    const again = await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 2 }] }, context);
    expect(again.result).toBe('announced-again');
    expect(publisher.types()).toEqual(['InventoryReserved']);
    expect(await available(name)).toEqual({ available: 3, reserved: 2, sold: 0 });
  });
});

describe('OrderCancelled', () => {
  it('releases the hold and announces InventoryReleased; a duplicate changes nothing', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5 }, T0);
    const orderId = randomUUID();
    await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 3 }] }, context);
    const reservationId = (publisher.published[0]!.event.data as { reservationId: string }).reservationId;

    now = new Date(T0.getTime() + 60_000);
    expect(await handleOrderCancelled(deps, { orderId }, context)).toMatchObject({ result: 'released' });
    expect(await handleOrderCancelled(deps, { orderId }, context)).toMatchObject({ result: 'ignored' });
    expect(publisher.published.slice(1).map((p) => p.event)).toEqual([
      {
        type: 'InventoryReleased',
        data: {
          orderId,
          reservationId,
          reason: 'ORDER_CANCELLED',
          lines: [{ sku: name, quantity: 3 }],
          releasedAt: now.toISOString(),
        },
      },
    ]);
    expect(await available(name)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('a cancel that overtakes the placement leaves a tombstone, and the late OrderPlaced reserves nothing', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5 }, T0);
    const orderId = randomUUID();
    expect(await handleOrderCancelled(deps, { orderId }, context)).toMatchObject({ result: 'tombstoned' });
    expect(
      await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 3 }] }, context),
    ).toMatchObject({ result: 'ignored' });
    expect(publisher.published).toEqual([]);
    expect(await available(name)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('refuses to cancel stock that was already sold', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5 }, T0);
    const orderId = randomUUID();
    await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 1 }] }, context);
    await handleOrderConfirmed(deps, { orderId });
    await expect(handleOrderCancelled(deps, { orderId }, context)).rejects.toThrow(SagaInconsistencyError);
    expect(await available(name)).toEqual({ available: 4, reserved: 0, sold: 1 });
  });
});

describe('OrderConfirmed', () => {
  it('commits the hold once; duplicates are ignored', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5 }, T0);
    const orderId = randomUUID();
    await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 2 }] }, context);
    expect(await handleOrderConfirmed(deps, { orderId })).toEqual({ result: 'committed' });
    expect(await handleOrderConfirmed(deps, { orderId })).toEqual({ result: 'ignored' });
    expect(await available(name)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it('refuses a confirmation for an order whose stock was released', async () => {
    const name = sku();
    await store.restock({ sku: name, available: 5 }, T0);
    const orderId = randomUUID();
    await handleOrderPlaced(deps, { orderId, items: [{ sku: name, quantity: 2 }] }, context);
    await handleOrderCancelled(deps, { orderId }, context);
    await expect(handleOrderConfirmed(deps, { orderId })).rejects.toThrow(SagaInconsistencyError);
    await expect(handleOrderConfirmed(deps, { orderId: randomUUID() })).rejects.toThrow(/NOT_RESERVED/);
  });
});

describe('expiry backstop', () => {
  it('releases holds only after expiry plus grace, and announces RESERVATION_EXPIRED', async () => {
    const ownTable = await createTestTable(inventoryTableDefinition);
    const ownStore = new DynamoDbStockStore({
      client: ownTable.documentClient,
      tableName: ownTable.tableName,
    });
    const local = { ...deps, store: ownStore };
    try {
      await ownStore.restock({ sku: 'EXP-001', available: 5 }, T0);
      const orderId = randomUUID();
      await handleOrderPlaced(local, { orderId, items: [{ sku: 'EXP-001', quantity: 2 }] }, context);

      now = new Date(T0.getTime() + (900 + 3599) * 1000);
      expect(await releaseExpiredHolds(local)).toMatchObject({ examined: 0, released: 0 });

      now = new Date(T0.getTime() + (900 + 3601) * 1000);
      const run = await releaseExpiredHolds(local);
      expect(run).toMatchObject({ examined: 1, released: 1 });
      expect(run.events[0]).toMatchObject({
        type: 'InventoryReleased',
        data: { orderId, reason: 'RESERVATION_EXPIRED' },
      });
      expect(totalsOf((await ownStore.getStock('EXP-001'))!.shards)).toEqual({
        available: 5,
        reserved: 0,
        sold: 0,
      });
      expect(await releaseExpiredHolds(local)).toMatchObject({ examined: 0, released: 0 });
    } finally {
      await ownTable.drop();
    }
  });

  it("takes orders' later OrderCancelled (RESERVATION_EXPIRED) for a hold it already released as a no-op", async () => {
    const ownTable = await createTestTable(inventoryTableDefinition);
    const ownStore = new DynamoDbStockStore({
      client: ownTable.documentClient,
      tableName: ownTable.tableName,
    });
    const local = { ...deps, store: ownStore };
    try {
      await ownStore.restock({ sku: 'EXP-002', available: 5 }, T0);
      const orderId = randomUUID();
      await handleOrderPlaced(local, { orderId, items: [{ sku: 'EXP-002', quantity: 2 }] }, context);
      now = new Date(T0.getTime() + (900 + 3601) * 1000);
      expect(await releaseExpiredHolds(local)).toMatchObject({ released: 1 });
      // Someone bought the units back meanwhile.
      const other = randomUUID();
      await handleOrderPlaced(local, { orderId: other, items: [{ sku: 'EXP-002', quantity: 4 }] }, context);
      const before = totalsOf((await ownStore.getStock('EXP-002'))!.shards);
      expect(before).toEqual({ available: 1, reserved: 4, sold: 0 });
      const announced = publisher.published.length;

      // Orders cancels the order when it hears of the release (or its payment step finds the
      // deadline passed); that OrderCancelled, and its redelivery, release nothing a second time.
      expect(await handleOrderCancelled(local, { orderId }, context)).toEqual({
        result: 'ignored',
        events: [],
      });
      expect(await handleOrderCancelled(local, { orderId }, context)).toEqual({
        result: 'ignored',
        events: [],
      });
      expect(totalsOf((await ownStore.getStock('EXP-002'))!.shards)).toEqual(before);
      expect(publisher.published).toHaveLength(announced);
      expect(await ownStore.getReservation(orderId)).toMatchObject({
        status: 'RELEASED',
        releaseReason: 'RESERVATION_EXPIRED',
      });
    } finally {
      await ownTable.drop();
    }
  });
});

describe('restock', () => {
  it('announces StockLow when an admin sets stock at or below the threshold', async () => {
    const name = sku();
    await restockSku(deps, { sku: name, available: 50, lowStockThreshold: 10 }, context);
    const { events } = await restockSku(deps, { sku: name, available: 4 }, context);
    expect(events).toEqual([
      { type: 'StockLow', data: { sku: name, available: 4, threshold: 10, detectedAt: T0.toISOString() } },
    ]);
  });
});
