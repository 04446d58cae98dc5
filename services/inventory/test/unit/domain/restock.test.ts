import fc from 'fast-check';
import { planRestock } from '../../../src/domain/restock';
import { totalsOf } from '../../../src/domain/shard-stock';
import type { SkuStock } from '../../../src/domain/sku-stock';

const existing: SkuStock = {
  sku: 'HOT-001',
  shardCount: 2,
  lowStockThreshold: 3,
  shards: [
    { shard: 0, available: 1, reserved: 4, sold: 10 },
    { shard: 1, available: 6, reserved: 0, sold: 2 },
  ],
};

describe('planRestock', () => {
  it('creates a new SKU with one shard and the default threshold', () => {
    expect(planRestock(undefined, { sku: 'MUG-001', available: 7 })).toEqual({
      ok: true,
      stock: {
        sku: 'MUG-001',
        shardCount: 1,
        lowStockThreshold: 10,
        shards: [{ shard: 0, available: 7, reserved: 0, sold: 0 }],
      },
      adjustments: [{ shard: 0, delta: 7, created: true }],
    });
  });

  it('spreads a flash-sale SKU over the shards it asks for', () => {
    const plan = planRestock(undefined, {
      sku: 'HOT-001',
      available: 50,
      shardCount: 4,
      lowStockThreshold: 5,
    });
    expect(plan.ok && plan.stock.shards.map((s) => s.available)).toEqual([13, 13, 12, 12]);
  });

  it('sets the available total as deltas, keeping reserved and sold units', () => {
    expect(planRestock(existing, { sku: 'HOT-001', available: 20 })).toEqual({
      ok: true,
      stock: {
        sku: 'HOT-001',
        shardCount: 2,
        lowStockThreshold: 3,
        shards: [
          { shard: 0, available: 10, reserved: 4, sold: 10 },
          { shard: 1, available: 10, reserved: 0, sold: 2 },
        ],
      },
      adjustments: [
        { shard: 0, delta: 9, created: false },
        { shard: 1, delta: 4, created: false },
      ],
    });
  });

  it('adds shards but never removes them', () => {
    const grown = planRestock(existing, { sku: 'HOT-001', available: 9, shardCount: 3 });
    expect(grown.ok && grown.adjustments).toEqual([
      { shard: 0, delta: 2, created: false },
      { shard: 1, delta: -3, created: false },
      { shard: 2, delta: 3, created: true },
    ]);
    expect(planRestock(existing, { sku: 'HOT-001', available: 9, shardCount: 1 })).toEqual({
      ok: false,
      code: 'SHARD_COUNT_CANNOT_SHRINK',
      message: 'HOT-001 has 2 shards; shards can be added, not removed',
    });
  });

  it.each([
    [{ available: -1 }],
    [{ available: 2.5 }],
    [{ available: 5, shardCount: 0 }],
    [{ available: 5, shardCount: 21 }],
    [{ available: 5, lowStockThreshold: -1 }],
  ])('refuses %j', (request) => {
    expect(planRestock(undefined, { sku: 'X-1', ...request })).toMatchObject({
      ok: false,
      code: 'INVALID_RESTOCK',
    });
  });

  it('always ends with exactly the requested available units, and deltas match the snapshot', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 2, max: 20 }), (available, shardCount) => {
        const plan = planRestock(existing, { sku: 'HOT-001', available, shardCount });
        if (!plan.ok) throw new Error(plan.message);
        expect(totalsOf(plan.stock.shards).available).toBe(available);
        expect(totalsOf(plan.stock.shards).reserved).toBe(4);
        expect(totalsOf(plan.stock.shards).sold).toBe(12);
        for (const adjustment of plan.adjustments) {
          const before = existing.shards[adjustment.shard]?.available ?? 0;
          expect(before + adjustment.delta).toBe(plan.stock.shards[adjustment.shard]!.available);
        }
      }),
    );
  });
});
