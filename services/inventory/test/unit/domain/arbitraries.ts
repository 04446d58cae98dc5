import fc from 'fast-check';
import type { ShardStock } from '../../../src/domain/shard-stock';
import type { SkuStock } from '../../../src/domain/sku-stock';

export const shardsArb: fc.Arbitrary<ShardStock[]> = fc
  .array(fc.record({ available: fc.nat(30), reserved: fc.nat(10), sold: fc.nat(10) }), {
    minLength: 1,
    maxLength: 10,
  })
  .map((shards) => shards.map((s, shard) => ({ shard, ...s })));

export const skuNames = ['HOT-001', 'HOT-002', 'MUG-001', 'TSHIRT-RED-XL'] as const;

export const stockArb: fc.Arbitrary<Map<string, SkuStock>> = fc
  .tuple(...skuNames.map(() => fc.option(shardsArb, { nil: undefined })))
  .map((perSku) => {
    const stock = new Map<string, SkuStock>();
    perSku.forEach((shards, i) => {
      if (shards !== undefined) {
        const sku = skuNames[i]!;
        stock.set(sku, { sku, shardCount: shards.length, lowStockThreshold: 5, shards });
      }
    });
    return stock;
  });

/** Order lines over a few known SKUs and one unknown one, each SKU at most once. */
export const linesArb = fc
  .uniqueArray(fc.constantFrom(...skuNames, 'GONE-404'), { minLength: 1, maxLength: 5 })
  .chain((skus) =>
    fc.tuple(...skus.map((sku) => fc.integer({ min: 1, max: 40 }).map((quantity) => ({ sku, quantity })))),
  );

/** A deterministic random source driven by fast-check. */
export const randomArb = fc
  .infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
  .map((stream) => {
    const iterator = stream[Symbol.iterator]();
    return () => iterator.next().value as number;
  });
