import fc from 'fast-check';
import { batchEntries, entrySize, MAX_ENTRIES_PER_CALL, MAX_REQUEST_BYTES } from '../../src';

describe('entrySize', () => {
  it('counts Time as 14 bytes and Source, DetailType, Detail, Resources as UTF-8 bytes', () => {
    expect(
      entrySize({
        Source: 'stratus.orders', // 14
        DetailType: 'OrderPlaced', // 11
        Detail: '{"a":"é"}', // 10 (é is two bytes)
        Resources: ['arn:x', 'ü'], // 5 + 2
        Time: new Date(),
        EventBusName: 'not counted',
      }),
    ).toBe(14 + 14 + 11 + 10 + 7);
    expect(entrySize({ Source: 's', DetailType: 'd' })).toBe(2);
  });
});

describe('batchEntries', () => {
  const limits = { maxEntries: MAX_ENTRIES_PER_CALL, maxBytes: MAX_REQUEST_BYTES };

  it('fills a batch up to exactly the byte limit, then starts the next', () => {
    const half = MAX_REQUEST_BYTES / 2;
    expect(batchEntries([half, half, 1], (size) => size, limits)).toEqual([[half, half], [1]]);
    expect(batchEntries([half, half + 1], (size) => size, limits)).toEqual([[half], [half + 1]]);
  });

  it('splits 25 small items 10 + 10 + 5', () => {
    const batches = batchEntries(
      Array.from({ length: 25 }, (_, index) => index),
      () => 100,
      limits,
    );
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
  });

  it('refuses an item over the byte limit', () => {
    expect(() => batchEntries([1, MAX_REQUEST_BYTES + 1], (size) => size, limits)).toThrow(RangeError);
  });

  it('returns no batches for no items', () => {
    expect(batchEntries([], (size: number) => size, limits)).toEqual([]);
  });

  it('never exceeds 10 entries or 256 KB, keeps every entry once and in order, and packs greedily', () => {
    // Mostly small entries (so the 10-entry limit is hit), some large, some right at the limit.
    const sizes = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 2_000 }), weight: 8 },
      { arbitrary: fc.integer({ min: 2_000, max: 80_000 }), weight: 3 },
      { arbitrary: fc.integer({ min: MAX_REQUEST_BYTES - 10, max: MAX_REQUEST_BYTES }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(sizes, { maxLength: 60, size: 'max' }), (itemSizes) => {
        const items = itemSizes.map((size, id) => ({ id, size }));
        const batches = batchEntries(items, (item) => item.size);
        for (const batch of batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_CALL);
          expect(batch.reduce((sum, item) => sum + item.size, 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
        }
        expect(batches.flat()).toEqual(items);
        // Greedy: a batch was closed only because the next item would not fit.
        batches.slice(0, -1).forEach((batch, index) => {
          const next = batches[index + 1]![0]!;
          const bytes = batch.reduce((sum, item) => sum + item.size, 0);
          expect(batch.length === MAX_ENTRIES_PER_CALL || bytes + next.size > MAX_REQUEST_BYTES).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});
