import fc from 'fast-check';
import { planReservation, type PlannedLine } from '../../../src/domain/reservation-plan';
import { totalsOf, type ShardStock } from '../../../src/domain/shard-stock';
import type { SkuStock } from '../../../src/domain/sku-stock';
import { moveStock, StockInvariantError } from '../../../src/domain/stock-movement';
import { linesArb, randomArb, stockArb } from './arbitraries';

const shard = (shardNo: number, available: number, reserved = 0, sold = 0): ShardStock => ({
  shard: shardNo,
  available,
  reserved,
  sold,
});

describe('moveStock', () => {
  const before = [shard(0, 5, 2, 1), shard(1, 3, 0, 0)];

  it('reserve moves available to reserved', () => {
    expect(
      moveStock(
        before,
        [
          { shard: 0, quantity: 4 },
          { shard: 1, quantity: 3 },
        ],
        'reserve',
      ),
    ).toEqual([shard(0, 1, 6, 1), shard(1, 0, 3, 0)]);
  });

  it('release moves reserved back to available', () => {
    expect(moveStock(before, [{ shard: 0, quantity: 2 }], 'release')).toEqual([
      shard(0, 7, 0, 1),
      shard(1, 3, 0, 0),
    ]);
  });

  it('commit moves reserved to sold', () => {
    expect(moveStock(before, [{ shard: 0, quantity: 2 }], 'commit')).toEqual([
      shard(0, 5, 0, 3),
      shard(1, 3, 0, 0),
    ]);
  });

  it.each([
    ['reserving more than available', [{ shard: 1, quantity: 4 }], 'reserve'],
    ['releasing more than reserved', [{ shard: 0, quantity: 3 }], 'release'],
    ['committing more than reserved', [{ shard: 1, quantity: 1 }], 'commit'],
    ['a missing shard', [{ shard: 7, quantity: 1 }], 'reserve'],
    ['a zero quantity', [{ shard: 0, quantity: 0 }], 'reserve'],
    ['a negative quantity', [{ shard: 0, quantity: -2 }], 'release'],
  ] as const)('refuses %s and leaves the input alone', (_name, takes, movement) => {
    const copy = structuredClone(before);
    expect(() => moveStock(before, takes, movement)).toThrow(StockInvariantError);
    expect(before).toEqual(copy);
  });
});

type Step =
  | { op: 'reserve'; lines: { sku: string; quantity: number }[] }
  | { op: 'release'; pick: number }
  | { op: 'commit'; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: linesArb.map((lines) => ({ op: 'reserve' as const, lines })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'release' as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'commit' as const, pick })) },
);

describe('any sequence of reserve / release / commit', () => {
  it('conserves every SKU total, keeps every counter >= 0 and reserves all lines or none', () => {
    fc.assert(
      fc.property(stockArb, fc.array(stepArb, { maxLength: 40 }), randomArb, (initial, steps, random) => {
        const stock = new Map<string, SkuStock>([...initial].map(([k, v]) => [k, structuredClone(v)]));
        const totalOf = (s: SkuStock) => {
          const t = totalsOf(s.shards);
          return t.available + t.reserved + t.sold;
        };
        const expectedTotals = new Map([...initial].map(([k, v]) => [k, totalOf(v)]));
        const held: PlannedLine[][] = [];
        const reservedBySku = new Map<string, number>();
        const soldBySku = new Map<string, number>([...initial].map(([k, v]) => [k, totalsOf(v.shards).sold]));
        for (const [k, v] of initial) reservedBySku.set(k, totalsOf(v.shards).reserved);

        const apply = (lines: PlannedLine[], movement: 'reserve' | 'release' | 'commit') => {
          for (const line of lines) {
            const sku = stock.get(line.sku)!;
            stock.set(line.sku, { ...sku, shards: moveStock(sku.shards, line.takes, movement) });
          }
        };

        for (const step of steps) {
          if (step.op === 'reserve') {
            const before = structuredClone([...stock]);
            const plan = planReservation(step.lines, stock, random);
            if (plan.ok) {
              apply(plan.lines, 'reserve');
              held.push(plan.lines);
              for (const line of plan.lines)
                reservedBySku.set(line.sku, reservedBySku.get(line.sku)! + line.quantity);
            } else {
              // All or nothing: a refused plan moved no unit anywhere.
              expect([...stock]).toEqual(before);
            }
          } else if (held.length > 0) {
            const [lines] = held.splice(step.pick % held.length, 1);
            apply(lines!, step.op);
            for (const line of lines!) {
              reservedBySku.set(line.sku, reservedBySku.get(line.sku)! - line.quantity);
              if (step.op === 'commit') soldBySku.set(line.sku, soldBySku.get(line.sku)! + line.quantity);
            }
          }

          for (const [name, sku] of stock) {
            expect(totalOf(sku)).toBe(expectedTotals.get(name));
            for (const s of sku.shards) {
              expect(s.available).toBeGreaterThanOrEqual(0);
              expect(s.reserved).toBeGreaterThanOrEqual(0);
              expect(s.sold).toBeGreaterThanOrEqual(0);
            }
            expect(totalsOf(sku.shards).reserved).toBe(reservedBySku.get(name));
            expect(totalsOf(sku.shards).sold).toBe(soldBySku.get(name));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
