import type { ShardStock, ShardTake } from './shard-stock';

/**
 * reserve: available -> reserved (an order holds the units)
 * release: reserved -> available (the order was cancelled or its hold expired)
 * commit:  reserved -> sold      (the order was confirmed)
 */
export type StockMovement = 'reserve' | 'release' | 'commit';

export class StockInvariantError extends Error {
  override readonly name = 'StockInvariantError';
}

/** Applies `takes` to `shards`; throws instead of letting any counter go below zero. */
export function moveStock(
  shards: readonly ShardStock[],
  takes: readonly ShardTake[],
  movement: StockMovement,
): ShardStock[] {
  const next = shards.map((s) => ({ ...s }));
  for (const take of takes) {
    if (!Number.isSafeInteger(take.quantity) || take.quantity < 1) {
      throw new StockInvariantError(`shard ${take.shard}: cannot move ${take.quantity} units`);
    }
    const shard = next.find((s) => s.shard === take.shard);
    if (shard === undefined) throw new StockInvariantError(`shard ${take.shard} does not exist`);
    const from = movement === 'reserve' ? 'available' : 'reserved';
    if (shard[from] < take.quantity) {
      throw new StockInvariantError(
        `shard ${take.shard}: ${movement} of ${take.quantity} exceeds ${from} ${shard[from]}`,
      );
    }
    switch (movement) {
      case 'reserve':
        shard.available -= take.quantity;
        shard.reserved += take.quantity;
        break;
      case 'release':
        shard.reserved -= take.quantity;
        shard.available += take.quantity;
        break;
      case 'commit':
        shard.reserved -= take.quantity;
        shard.sold += take.quantity;
        break;
    }
  }
  return next;
}
