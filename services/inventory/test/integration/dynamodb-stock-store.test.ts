import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { DynamoDbStockStore } from '../../src/adapters/dynamodb/dynamodb-stock-store';
import { inventoryTableDefinition, keys, TTL_ATTRIBUTE } from '../../src/adapters/dynamodb/inventory-table';
import type { HeldReservation } from '../../src/domain/reservation';
import { totalsOf } from '../../src/domain/shard-stock';
import { createTestTable, type TestTable } from '@stratus/local-cloud/testing';

const T0 = new Date('2026-11-27T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const first = () => 0;

let table: TestTable;
let store: DynamoDbStockStore;

beforeAll(async () => {
  table = await createTestTable(inventoryTableDefinition, TTL_ATTRIBUTE);
  store = new DynamoDbStockStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(() => table.drop());

function reserveRequest(lines: { sku: string; quantity: number }[], orderId: string = randomUUID()) {
  return { orderId, reservationId: randomUUID(), lines, reservedAt: T0, expiresAt: minutes(15) };
}

async function shardItems(sku: string, shardCount: number) {
  return Promise.all(
    Array.from({ length: shardCount }, async (_, shard) => {
      const result = await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: keys.shard(sku, shard), ConsistentRead: true }),
      );
      return result.Item;
    }),
  );
}

describe('restock', () => {
  it('creates a SKU with its shards as separate partition keys', async () => {
    const result = await store.restock(
      { sku: 'NEW-001', available: 10, shardCount: 3, lowStockThreshold: 2 },
      T0,
    );
    expect(result).toMatchObject({ outcome: 'restocked', availableBefore: 0 });

    const items = await shardItems('NEW-001', 3);
    expect(items.map((item) => [item?.pk, item?.available, item?.reserved, item?.sold])).toEqual([
      ['SKU#NEW-001#SHARD#0', 4, 0, 0],
      ['SKU#NEW-001#SHARD#1', 3, 0, 0],
      ['SKU#NEW-001#SHARD#2', 3, 0, 0],
    ]);
    expect(await store.getStock('NEW-001')).toEqual({
      sku: 'NEW-001',
      shardCount: 3,
      lowStockThreshold: 2,
      shards: [
        { shard: 0, available: 4, reserved: 0, sold: 0 },
        { shard: 1, available: 3, reserved: 0, sold: 0 },
        { shard: 2, available: 3, reserved: 0, sold: 0 },
      ],
    });
  });

  it('sets the available total while keeping reserved units, and can add shards', async () => {
    await store.restock({ sku: 'RESTOCK-1', available: 6, shardCount: 2 }, T0);
    const reserved = await store.reserve(reserveRequest([{ sku: 'RESTOCK-1', quantity: 2 }]), first);
    expect(reserved.outcome).toBe('reserved');

    const result = await store.restock({ sku: 'RESTOCK-1', available: 9, shardCount: 3 }, minutes(1));
    expect(result).toMatchObject({ outcome: 'restocked', availableBefore: 4 });
    const stock = await store.getStock('RESTOCK-1');
    expect(totalsOf(stock!.shards)).toEqual({ available: 9, reserved: 2, sold: 0 });
    expect(stock!.shardCount).toBe(3);
  });

  it('refuses to remove shards', async () => {
    await store.restock({ sku: 'SHRINK-1', available: 4, shardCount: 4 }, T0);
    expect(await store.restock({ sku: 'SHRINK-1', available: 4, shardCount: 2 }, T0)).toMatchObject({
      outcome: 'refused',
      code: 'SHARD_COUNT_CANNOT_SHRINK',
    });
  });

  it('concurrent restocks end at one of the requested totals, not their sum', async () => {
    await store.restock({ sku: 'RACE-RESTOCK', available: 10, shardCount: 2 }, T0);
    const targets = [20, 30, 40, 50, 60];
    await Promise.all(targets.map((available) => store.restock({ sku: 'RACE-RESTOCK', available }, T0)));
    const stock = await store.getStock('RACE-RESTOCK');
    expect(targets).toContain(totalsOf(stock!.shards).available);
  });
});

describe('reserve', () => {
  beforeAll(async () => {
    await store.restock({ sku: 'HOT-001', available: 8, shardCount: 4 }, T0);
    await store.restock({ sku: 'MUG-001', available: 3 }, T0);
  });

  it('reserves every line in one transaction and records the hold with its shard takes', async () => {
    const request = reserveRequest([
      { sku: 'HOT-001', quantity: 3 },
      { sku: 'MUG-001', quantity: 1 },
    ]);
    const result = await store.reserve(request, first);
    expect(result).toMatchObject({ outcome: 'reserved', attempts: 1 });
    expect(result.outcome === 'reserved' && Object.fromEntries(result.stockBefore)).toEqual({
      'HOT-001': { available: 8, lowStockThreshold: 10 },
      'MUG-001': { available: 3, lowStockThreshold: 10 },
    });

    const held = await store.getReservation(request.orderId);
    expect(held).toEqual({
      status: 'HELD',
      orderId: request.orderId,
      reservationId: request.reservationId,
      lines: [
        {
          sku: 'HOT-001',
          quantity: 3,
          takes: [
            { shard: 0, quantity: 2 },
            { shard: 1, quantity: 1 },
          ],
        },
        { sku: 'MUG-001', quantity: 1, takes: [{ shard: 0, quantity: 1 }] },
      ],
      reservedAt: T0.toISOString(),
      expiresAt: minutes(15).toISOString(),
    });
    expect(totalsOf((await store.getStock('HOT-001'))!.shards)).toEqual({
      available: 5,
      reserved: 3,
      sold: 0,
    });
    expect(totalsOf((await store.getStock('MUG-001'))!.shards)).toEqual({
      available: 2,
      reserved: 1,
      sold: 0,
    });
  });

  it('reserves nothing when one line is short, and remembers the rejection', async () => {
    const request = reserveRequest([
      { sku: 'HOT-001', quantity: 1 },
      { sku: 'MUG-001', quantity: 50 },
    ]);
    const before = [
      totalsOf((await store.getStock('HOT-001'))!.shards),
      totalsOf((await store.getStock('MUG-001'))!.shards),
    ];
    const result = await store.reserve(request, first);
    expect(result).toMatchObject({
      outcome: 'rejected',
      rejection: {
        reason: 'OUT_OF_STOCK',
        shortfalls: [{ sku: 'MUG-001', requested: 50, available: 2, reason: 'OUT_OF_STOCK' }],
      },
    });
    expect([
      totalsOf((await store.getStock('HOT-001'))!.shards),
      totalsOf((await store.getStock('MUG-001'))!.shards),
    ]).toEqual(before);
    expect(await store.getReservation(request.orderId)).toMatchObject({
      status: 'REJECTED',
      reason: 'OUT_OF_STOCK',
    });
  });

  it('rejects an unknown SKU', async () => {
    const result = await store.reserve(reserveRequest([{ sku: 'NOPE-404', quantity: 1 }]), first);
    expect(result).toMatchObject({ outcome: 'rejected', rejection: { reason: 'UNKNOWN_SKU' } });
  });

  it('a second delivery of the same order gets the first decision, not a second hold', async () => {
    await store.restock({ sku: 'DUP-001', available: 5 }, T0);
    const request = reserveRequest([{ sku: 'DUP-001', quantity: 2 }]);
    const [a, b] = await Promise.all([
      store.reserve(request, first),
      store.reserve({ ...request, reservationId: randomUUID() }, first),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(['already-decided', 'reserved']);
    expect(totalsOf((await store.getStock('DUP-001'))!.shards)).toEqual({
      available: 3,
      reserved: 2,
      sold: 0,
    });
  });
});

describe('release, commit and tombstones', () => {
  let held: HeldReservation;

  beforeEach(async () => {
    const sku = `LIFE-${Math.floor(Math.random() * 1e9)}`;
    await store.restock({ sku, available: 10, shardCount: 2 }, T0);
    const result = await store.reserve(reserveRequest([{ sku, quantity: 7 }]), first);
    if (result.outcome !== 'reserved') throw new Error(`setup failed: ${result.outcome}`);
    held = result.reservation;
  });
  const skuOf = () => held.lines[0]!.sku;

  it('release gives the units back to available, once', async () => {
    const released = await store.release(held, 'ORDER_CANCELLED', minutes(2));
    expect(released).toMatchObject({
      outcome: 'done',
      reservation: { status: 'RELEASED', releaseReason: 'ORDER_CANCELLED' },
    });
    expect(totalsOf((await store.getStock(skuOf()))!.shards)).toEqual({
      available: 10,
      reserved: 0,
      sold: 0,
    });

    const again = await store.release(held, 'ORDER_CANCELLED', minutes(3));
    expect(again).toMatchObject({ outcome: 'conflict', current: { status: 'RELEASED' } });
    expect(totalsOf((await store.getStock(skuOf()))!.shards)).toEqual({
      available: 10,
      reserved: 0,
      sold: 0,
    });
  });

  it('commit turns reserved units into sold ones, and a later release loses', async () => {
    expect(await store.commit(held, minutes(2))).toMatchObject({
      outcome: 'done',
      reservation: { status: 'COMMITTED' },
    });
    expect(totalsOf((await store.getStock(skuOf()))!.shards)).toEqual({ available: 3, reserved: 0, sold: 7 });
    expect(await store.release(held, 'RESERVATION_EXPIRED', minutes(3))).toMatchObject({
      outcome: 'conflict',
      current: { status: 'COMMITTED' },
    });
  });

  it('concurrent commit and release: exactly one wins and the units are counted once', async () => {
    const [commit, release] = await Promise.all([
      store.commit(held, minutes(2)),
      store.release(held, 'RESERVATION_EXPIRED', minutes(2)),
    ]);
    expect([commit.outcome, release.outcome].sort()).toEqual(['conflict', 'done']);
    const totals = totalsOf((await store.getStock(skuOf()))!.shards);
    expect(totals.available + totals.reserved + totals.sold).toBe(10);
    expect(totals.reserved).toBe(0);
  });

  it('a tombstone makes a late OrderPlaced find the order already released', async () => {
    const orderId = randomUUID();
    expect(await store.recordTombstone(orderId, T0)).toMatchObject({ outcome: 'done' });
    const late = await store.reserve(reserveRequest([{ sku: skuOf(), quantity: 1 }], orderId), first);
    expect(late).toMatchObject({ outcome: 'already-decided', reservation: { status: 'RELEASED' } });
    expect(totalsOf((await store.getStock(skuOf()))!.shards).reserved).toBe(7);
  });

  it('finished reservations get a TTL, live holds do not', async () => {
    const item = async () =>
      (
        await table.documentClient.send(
          new GetCommand({ TableName: table.tableName, Key: keys.reservation(held.orderId) }),
        )
      ).Item;
    expect(await item()).not.toHaveProperty('ttl');
    expect(await item()).toHaveProperty('gsi1pk');
    await store.commit(held, minutes(2));
    expect((await item())?.ttl).toBe(Math.floor(minutes(2).getTime() / 1000) + 30 * 24 * 3600);
    expect(await item()).not.toHaveProperty('gsi1pk');
  });
});

describe('findExpiredHolds', () => {
  it('finds live holds past their expiry, oldest first, and forgets them once finished', async () => {
    const expiryTable = await createTestTable(inventoryTableDefinition);
    const expiryStore = new DynamoDbStockStore({
      client: expiryTable.documentClient,
      tableName: expiryTable.tableName,
    });
    try {
      await expiryStore.restock({ sku: 'EXP-001', available: 100, shardCount: 2 }, T0);
      const holds = [];
      for (const expiry of [5, 1, 30, 3]) {
        const result = await expiryStore.reserve(
          {
            orderId: randomUUID(),
            reservationId: randomUUID(),
            lines: [{ sku: 'EXP-001', quantity: 1 }],
            reservedAt: T0,
            expiresAt: minutes(expiry),
          },
          first,
        );
        if (result.outcome !== 'reserved') throw new Error('setup failed');
        holds.push(result.reservation);
      }
      const found = await expiryStore.findExpiredHolds(minutes(10), 10);
      expect(found).toEqual(
        [holds[1], holds[3], holds[0]].map((h) => ({ orderId: h!.orderId, expiresAt: h!.expiresAt })),
      );

      await expiryStore.release(holds[1]!, 'RESERVATION_EXPIRED', minutes(10));
      expect((await expiryStore.findExpiredHolds(minutes(10), 10)).map((h) => h.orderId)).toEqual([
        holds[3]!.orderId,
        holds[0]!.orderId,
      ]);
      expect(await expiryStore.findExpiredHolds(minutes(10), 1)).toHaveLength(1);
    } finally {
      await expiryTable.drop();
    }
  });
});

describe('a flash sale on one sharded SKU', () => {
  it('200 concurrent orders of 1 unit against 50 units in 5 shards: exactly 50 win, no shard below zero', async () => {
    await store.restock({ sku: 'FLASH-001', available: 50, shardCount: 5 }, T0);
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        store.reserve(reserveRequest([{ sku: 'FLASH-001', quantity: 1 }]), Math.random),
      ),
    );

    const outcomes = results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'rejected')).toHaveLength(150);

    const items = await shardItems('FLASH-001', 5);
    for (const item of items) {
      expect(item?.available).toBeGreaterThanOrEqual(0);
      expect(item?.available).toBe(0);
    }
    expect(items.reduce((sum, item) => sum + Number(item?.reserved), 0)).toBe(50);

    // Every winner holds exactly one unit, and the holds add up to the shard counters.
    const scan = await table.documentClient.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: '#status = :held AND begins_with(pk, :prefix)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':held': 'HELD', ':prefix': 'RESERVATION#' },
        ConsistentRead: true,
      }),
    );
    const flashHolds = (scan.Items ?? []).filter((item) => item.lines?.[0]?.sku === 'FLASH-001');
    expect(flashHolds).toHaveLength(50);
    const perShard = new Map<number, number>();
    for (const hold of flashHolds) {
      for (const take of hold.lines[0].takes)
        perShard.set(take.shard, (perShard.get(take.shard) ?? 0) + take.quantity);
    }
    expect([...perShard.entries()].sort((a, b) => a[0] - b[0])).toEqual(
      items.map((item) => [item?.shard, item?.reserved]),
    );

    const attempts = results.reduce((sum, r) => sum + r.attempts, 0);
    console.log(`flash sale: 200 reservations, 50 reserved, ${attempts - 200} retries after lost races`);
  });
});
