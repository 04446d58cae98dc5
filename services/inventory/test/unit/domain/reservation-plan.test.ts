import fc from 'fast-check';
import { DuplicateSkuLineError, planLine, planReservation } from '../../../src/domain/reservation-plan';
import { pickStartShard } from '../../../src/domain/random-source';
import type { ShardStock } from '../../../src/domain/shard-stock';
import type { SkuStock } from '../../../src/domain/sku-stock';
import { linesArb, randomArb, shardsArb, stockArb } from './arbitraries';

const shards = (...available: number[]): ShardStock[] =>
  available.map((a, shard) => ({ shard, available: a, reserved: 0, sold: 0 }));
const sku = (name: string, ...available: number[]): SkuStock => ({
  sku: name,
  shardCount: available.length,
  lowStockThreshold: 0,
  shards: shards(...available),
});
const fixed = (r: number) => () => r;

describe('pickStartShard', () => {
  it.each([
    [0, 0],
    [0.24, 0],
    [0.25, 1],
    [0.99, 3],
  ])('maps random %p to shard %i of 4', (r, shard) => expect(pickStartShard(4, fixed(r))).toBe(shard));

  it.each([1, -0.1, Number.NaN])('refuses a random source that returns %p', (r) => {
    expect(() => pickStartShard(4, fixed(r))).toThrow(RangeError);
  });
});

describe('planLine', () => {
  it('takes everything from the start shard when it has enough', () => {
    expect(planLine(shards(5, 5, 5), 3, 1)).toEqual([{ shard: 1, quantity: 3 }]);
  });

  it('falls back to the following shards in ring order', () => {
    expect(planLine(shards(4, 0, 1, 2), 6, 2)).toEqual([
      { shard: 2, quantity: 1 },
      { shard: 3, quantity: 2 },
      { shard: 0, quantity: 3 },
    ]);
  });

  it('skips empty shards and plans nothing when all shards together are short', () => {
    expect(planLine(shards(0, 2, 0), 2, 0)).toEqual([{ shard: 1, quantity: 2 }]);
    expect(planLine(shards(1, 1, 1), 4, 0)).toBeUndefined();
  });
});

describe('planReservation', () => {
  const stock = new Map([
    ['HOT-001', sku('HOT-001', 3, 3, 3, 3)],
    ['MUG-001', sku('MUG-001', 2)],
  ]);

  it('plans every line, each from its random start shard', () => {
    const randoms = [0.6, 0];
    const plan = planReservation(
      [
        { sku: 'HOT-001', quantity: 4 },
        { sku: 'MUG-001', quantity: 2 },
      ],
      stock,
      () => randoms.shift()!,
    );
    expect(plan).toEqual({
      ok: true,
      shardWrites: 3,
      lines: [
        {
          sku: 'HOT-001',
          quantity: 4,
          takes: [
            { shard: 2, quantity: 3 },
            { shard: 3, quantity: 1 },
          ],
        },
        { sku: 'MUG-001', quantity: 2, takes: [{ shard: 0, quantity: 2 }] },
      ],
    });
  });

  it('plans nothing when one line is short, and says which and by how much', () => {
    const plan = planReservation(
      [
        { sku: 'HOT-001', quantity: 4 },
        { sku: 'MUG-001', quantity: 3 },
      ],
      stock,
      fixed(0),
    );
    expect(plan).toEqual({
      ok: false,
      reason: 'OUT_OF_STOCK',
      shortfalls: [{ sku: 'MUG-001', requested: 3, available: 2, reason: 'OUT_OF_STOCK' }],
    });
  });

  it('reports UNKNOWN_SKU when any line names an unknown SKU, listing every failing line', () => {
    const plan = planReservation(
      [
        { sku: 'NOPE-404', quantity: 1 },
        { sku: 'MUG-001', quantity: 30 },
      ],
      stock,
      fixed(0),
    );
    expect(plan).toEqual({
      ok: false,
      reason: 'UNKNOWN_SKU',
      shortfalls: [
        { sku: 'NOPE-404', requested: 1, available: 0, reason: 'UNKNOWN_SKU' },
        { sku: 'MUG-001', requested: 30, available: 2, reason: 'OUT_OF_STOCK' },
      ],
    });
  });

  it('refuses the same SKU twice (one transaction cannot write a shard twice)', () => {
    expect(() =>
      planReservation(
        [
          { sku: 'MUG-001', quantity: 1 },
          { sku: 'MUG-001', quantity: 1 },
        ],
        stock,
        fixed(0),
      ),
    ).toThrow(DuplicateSkuLineError);
  });

  it('re-plans from the fullest shards when the ring plan needs too many writes', () => {
    const fragmented = new Map([['HOT-001', sku('HOT-001', 1, 1, 1, 5)]]);
    // Starting at shard 0 the ring plan touches four shards; the compact one touches only shard 3.
    const plan = planReservation([{ sku: 'HOT-001', quantity: 5 }], fragmented, fixed(0), 2);
    expect(plan).toEqual({
      ok: true,
      shardWrites: 1,
      lines: [{ sku: 'HOT-001', quantity: 5, takes: [{ shard: 3, quantity: 5 }] }],
    });
  });

  it('fails when even the compact plan exceeds the transaction limit', () => {
    const fragmented = new Map([['HOT-001', sku('HOT-001', 1, 1, 1, 1)]]);
    expect(planReservation([{ sku: 'HOT-001', quantity: 4 }], fragmented, fixed(0), 3)).toEqual({
      ok: false,
      reason: 'TOO_MANY_SHARD_WRITES',
      shardWrites: 4,
      limit: 3,
    });
  });
});

describe('reservation plans (properties)', () => {
  it('a line plan never takes more than a shard has, uses each shard once and covers the quantity', () => {
    fc.assert(
      fc.property(shardsArb, fc.integer({ min: 1, max: 100 }), fc.nat(), (stock, quantity, start) => {
        const takes = planLine(stock, quantity, start % stock.length);
        const total = stock.reduce((sum, s) => sum + s.available, 0);
        if (takes === undefined) {
          expect(total).toBeLessThan(quantity);
          return;
        }
        expect(takes.reduce((sum, t) => sum + t.quantity, 0)).toBe(quantity);
        expect(new Set(takes.map((t) => t.shard)).size).toBe(takes.length);
        for (const take of takes) {
          expect(take.quantity).toBeGreaterThan(0);
          expect(take.quantity).toBeLessThanOrEqual(stock[take.shard]!.available);
        }
      }),
    );
  });

  it('is all or nothing: it plans every line exactly when every SKU is known and has enough in total', () => {
    fc.assert(
      fc.property(
        linesArb,
        stockArb,
        randomArb,
        fc.integer({ min: 1, max: 99 }),
        (lines, stock, random, limit) => {
          const plan = planReservation(lines, stock, random, limit);
          const feasible = lines.every((line) => {
            const s = stock.get(line.sku);
            return (
              s !== undefined && s.shards.reduce((sum, shard) => sum + shard.available, 0) >= line.quantity
            );
          });
          if (plan.ok) {
            expect(feasible).toBe(true);
            expect(plan.lines.map((l) => [l.sku, l.quantity])).toEqual(lines.map((l) => [l.sku, l.quantity]));
            expect(plan.shardWrites).toBeLessThanOrEqual(limit);
            for (const line of plan.lines) {
              const shardsOfSku = stock.get(line.sku)!.shards;
              expect(line.takes.reduce((sum, t) => sum + t.quantity, 0)).toBe(line.quantity);
              for (const take of line.takes)
                expect(take.quantity).toBeLessThanOrEqual(shardsOfSku[take.shard]!.available);
            }
          } else if (plan.reason === 'TOO_MANY_SHARD_WRITES') {
            expect(feasible).toBe(true);
            expect(plan.shardWrites).toBeGreaterThan(limit);
          } else {
            expect(feasible).toBe(false);
            expect(plan.shortfalls.length).toBeGreaterThan(0);
            expect(plan.reason).toBe(
              plan.shortfalls.some((s) => s.reason === 'UNKNOWN_SKU') ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK',
            );
          }
        },
      ),
    );
  });
});
