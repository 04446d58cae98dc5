import type { ShardStock } from './shard-stock';

export const DEFAULT_SHARD_COUNT = 1;
/** Flash-sale SKUs typically use 4-10; the cap keeps one reservation within a transaction. */
export const MAX_SHARD_COUNT = 20;
export const DEFAULT_LOW_STOCK_THRESHOLD = 10;

/** A SKU's stock: its settings and its shards, ordered by shard number 0..shardCount-1. */
export interface SkuStock {
  sku: string;
  shardCount: number;
  lowStockThreshold: number;
  shards: ShardStock[];
}
