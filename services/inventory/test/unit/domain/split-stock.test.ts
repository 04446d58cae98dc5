import fc from 'fast-check';
import { splitStock } from '../../../src/domain/split-stock';

describe('splitStock', () => {
  it.each([
    [10, 1, [10]],
    [10, 3, [4, 3, 3]],
    [50, 4, [13, 13, 12, 12]],
    [2, 5, [1, 1, 0, 0, 0]],
    [0, 4, [0, 0, 0, 0]],
  ])('splits %i over %i shards as %j', (total, shards, expected) => {
    expect(splitStock(total, shards)).toEqual(expected);
  });

  it('keeps every unit, and shards differ by at most one, fuller shards first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        (total, shardCount) => {
          const split = splitStock(total, shardCount);
          expect(split).toHaveLength(shardCount);
          expect(split.reduce((a, b) => a + b, 0)).toBe(total);
          expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
          expect([...split].sort((a, b) => b - a)).toEqual(split);
        },
      ),
    );
  });

  it.each([
    [-1, 1],
    [1.5, 1],
    [10, 0],
    [10, 2.5],
  ])('refuses total %p over %p shards', (total, shards) => {
    expect(() => splitStock(total, shards)).toThrow(RangeError);
  });
});
