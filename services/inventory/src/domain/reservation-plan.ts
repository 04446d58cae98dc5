import { pickStartShard, type RandomSource } from './random-source';
import type { ShardStock, ShardTake } from './shard-stock';
import type { SkuStock } from './sku-stock';

export interface RequestedLine {
  sku: string;
  quantity: number;
}

export interface PlannedLine extends RequestedLine {
  /** Non-empty; quantities sum to the line's quantity; each shard at most once. */
  takes: ShardTake[];
}

export interface LineShortfall {
  sku: string;
  requested: number;
  /** What the SKU had in all its shards when planned; 0 for an unknown SKU. */
  available: number;
  reason: 'UNKNOWN_SKU' | 'OUT_OF_STOCK';
}

export type ReservationPlan =
  | { ok: true; lines: PlannedLine[]; shardWrites: number }
  | {
      ok: false;
      /** UNKNOWN_SKU when any line names an unknown SKU, otherwise OUT_OF_STOCK. */
      reason: 'UNKNOWN_SKU' | 'OUT_OF_STOCK';
      shortfalls: LineShortfall[];
    }
  /** Enough stock, but spread over more shards than one transaction may write. */
  | { ok: false; reason: 'TOO_MANY_SHARD_WRITES'; shardWrites: number; limit: number };

/** TransactWriteItems takes at most 100 items; one is the reservation record itself. */
export const MAX_SHARD_WRITES = 99;

export class DuplicateSkuLineError extends Error {
  override readonly name = 'DuplicateSkuLineError';
  constructor(readonly sku: string) {
    super(`SKU ${sku} appears in more than one line; one transaction cannot update the same shard twice`);
  }
}

/**
 * Plans one line: start at `startShard`, take what it has, then continue with the next shards in
 * ring order until the quantity is covered. Returns undefined when all shards together are short.
 * Never takes more than a shard has.
 */
export function planLine(
  shards: readonly ShardStock[],
  quantity: number,
  startShard: number,
): ShardTake[] | undefined {
  const takes: ShardTake[] = [];
  let remaining = quantity;
  for (let step = 0; step < shards.length && remaining > 0; step++) {
    const shard = shards[(startShard + step) % shards.length]!;
    const take = Math.min(remaining, shard.available);
    if (take > 0) {
      takes.push({ shard: shard.shard, quantity: take });
      remaining -= take;
    }
  }
  return remaining === 0 ? takes : undefined;
}

/** Fewest shards for a line: largest available first. Used only when the ring plan is too big. */
function planLineCompactly(shards: readonly ShardStock[], quantity: number): ShardTake[] | undefined {
  const byAvailable = [...shards].sort((a, b) => b.available - a.available || a.shard - b.shard);
  return planLine(byAvailable, quantity, 0);
}

/**
 * Plans a whole order: every line or none. Each line starts at a randomly chosen shard so that
 * concurrent orders for a hot SKU spread over its shards. If the plan needs more shard writes
 * than one transaction allows, it is redone taking the fullest shards first.
 */
export function planReservation(
  lines: readonly RequestedLine[],
  stock: ReadonlyMap<string, SkuStock>,
  random: RandomSource,
  maxShardWrites = MAX_SHARD_WRITES,
): ReservationPlan {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.sku)) throw new DuplicateSkuLineError(line.sku);
    seen.add(line.sku);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`line ${line.sku}: quantity must be a whole number >= 1, got ${line.quantity}`);
    }
  }

  const shortfalls: LineShortfall[] = [];
  const planned: PlannedLine[] = [];
  for (const line of lines) {
    const sku = stock.get(line.sku);
    if (sku === undefined) {
      shortfalls.push({ sku: line.sku, requested: line.quantity, available: 0, reason: 'UNKNOWN_SKU' });
      continue;
    }
    const takes = planLine(sku.shards, line.quantity, pickStartShard(sku.shards.length, random));
    if (takes === undefined) {
      const available = sku.shards.reduce((sum, s) => sum + s.available, 0);
      shortfalls.push({ sku: line.sku, requested: line.quantity, available, reason: 'OUT_OF_STOCK' });
      continue;
    }
    planned.push({ sku: line.sku, quantity: line.quantity, takes });
  }
  if (shortfalls.length > 0) {
    const reason = shortfalls.some((s) => s.reason === 'UNKNOWN_SKU') ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK';
    return { ok: false, reason, shortfalls };
  }

  const writes = (plan: PlannedLine[]) => plan.reduce((sum, line) => sum + line.takes.length, 0);
  if (writes(planned) <= maxShardWrites) return { ok: true, lines: planned, shardWrites: writes(planned) };

  const compact = planned.map((line) => ({
    ...line,
    // Cannot be undefined: the ring plan above found enough units in the same shards.
    takes: planLineCompactly(stock.get(line.sku)!.shards, line.quantity)!,
  }));
  const compactWrites = writes(compact);
  if (compactWrites <= maxShardWrites) return { ok: true, lines: compact, shardWrites: compactWrites };
  return { ok: false, reason: 'TOO_MANY_SHARD_WRITES', shardWrites: compactWrites, limit: maxShardWrites };
}
