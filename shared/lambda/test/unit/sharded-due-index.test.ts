import fc from 'fast-check';
import { ShardedDueIndex } from '../../src';

const index = new ShardedDueIndex({
  indexName: 'holds-by-expiry',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
  prefix: 'HOLDS',
  shards: 8,
});

describe('ShardedDueIndex keys', () => {
  it('lists an item under its shard and `<due>#<id>`', () => {
    expect(index.keysFor('order-1', '2026-11-27T09:15:00.000Z')).toEqual({
      gsi1pk: index.shardOf('order-1'),
      gsi1sk: '2026-11-27T09:15:00.000Z#order-1',
    });
    expect(index.indexName).toBe('holds-by-expiry');
  });

  it('keeps the shard of an id stable, within the shards (data written earlier stays findable)', () => {
    // Fixed values (the first 4 bytes of the id's SHA-256, modulo the shards): a change of the
    // hash would strand the items written before it.
    expect(index.shardOf('order-1')).toBe('HOLDS#1');
    expect(index.shardOf('3f1c9a52-0d7e-4a86-9f51-6b2f3c1d8e70')).toBe('HOLDS#3');
    expect(index.shardOf('b')).toBe('HOLDS#6');
    fc.assert(
      fc.property(fc.string(), (id) => {
        const shard = Number(index.shardOf(id).slice('HOLDS#'.length));
        return Number.isInteger(shard) && shard >= 0 && shard < 8;
      }),
    );
  });

  it('spreads ids over every shard', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => index.shardOf(`order-${i}`)));
    expect(shards.size).toBe(8);
  });
});
