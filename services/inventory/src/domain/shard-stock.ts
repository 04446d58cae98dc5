/**
 * One shard of a SKU's stock. A hot SKU's units are split across several shards (separate
 * DynamoDB partitions) so that a flash sale's writes spread out instead of queueing on one item.
 * Units move `available -> reserved -> sold`, or `reserved -> available` on release; the sum of
 * the three only changes when an admin restocks.
 */
export interface ShardStock {
  shard: number;
  available: number;
  reserved: number;
  sold: number;
}

export interface StockTotals {
  available: number;
  reserved: number;
  sold: number;
}

export function totalsOf(shards: readonly ShardStock[]): StockTotals {
  return shards.reduce(
    (sum, s) => ({
      available: sum.available + s.available,
      reserved: sum.reserved + s.reserved,
      sold: sum.sold + s.sold,
    }),
    { available: 0, reserved: 0, sold: 0 },
  );
}

/** How many units one shard gives to one reservation line. */
export interface ShardTake {
  shard: number;
  quantity: number;
}
