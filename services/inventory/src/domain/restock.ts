import { splitStock } from './split-stock';
import {
  DEFAULT_LOW_STOCK_THRESHOLD,
  DEFAULT_SHARD_COUNT,
  MAX_SHARD_COUNT,
  type SkuStock,
} from './sku-stock';

export interface RestockRequest {
  sku: string;
  /** The SKU's new total of available units (reserved and sold units are untouched). */
  available: number;
  shardCount?: number;
  lowStockThreshold?: number;
}

export interface ShardAdjustment {
  shard: number;
  /** Units to add (negative: remove) to the shard's `available`, relative to the snapshot. */
  delta: number;
  /** The shard does not exist yet. */
  created: boolean;
}

export type RestockPlan =
  | { ok: true; stock: SkuStock; adjustments: ShardAdjustment[] }
  | { ok: false; code: 'SHARD_COUNT_CANNOT_SHRINK' | 'INVALID_RESTOCK'; message: string };

/**
 * Sets a SKU's available units, spread evenly over its shards. Expressed as per-shard deltas so
 * that a store can apply it with `available = available + delta` while reservations go on:
 * units reserved between the read and the write stay reserved, and the set happened first.
 * Shards can be added but not removed (they may hold reservations).
 */
export function planRestock(current: SkuStock | undefined, request: RestockRequest): RestockPlan {
  const shardCount = request.shardCount ?? current?.shardCount ?? DEFAULT_SHARD_COUNT;
  const lowStockThreshold =
    request.lowStockThreshold ?? current?.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
  if (!Number.isSafeInteger(request.available) || request.available < 0) {
    return invalid(`available must be a whole number >= 0, got ${request.available}`);
  }
  if (!Number.isSafeInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
    return invalid(`shardCount must be a whole number from 1 to ${MAX_SHARD_COUNT}, got ${shardCount}`);
  }
  if (!Number.isSafeInteger(lowStockThreshold) || lowStockThreshold < 0) {
    return invalid(`lowStockThreshold must be a whole number >= 0, got ${lowStockThreshold}`);
  }
  if (current !== undefined && shardCount < current.shardCount) {
    return {
      ok: false,
      code: 'SHARD_COUNT_CANNOT_SHRINK',
      message: `${request.sku} has ${current.shardCount} shards; shards can be added, not removed`,
    };
  }

  const targets = splitStock(request.available, shardCount);
  const shards = targets.map((available, shard) => {
    const existing = current?.shards.find((s) => s.shard === shard);
    return { shard, available, reserved: existing?.reserved ?? 0, sold: existing?.sold ?? 0 };
  });
  const adjustments = targets.map((available, shard) => {
    const existing = current?.shards.find((s) => s.shard === shard);
    return { shard, delta: available - (existing?.available ?? 0), created: existing === undefined };
  });
  return { ok: true, stock: { sku: request.sku, shardCount, lowStockThreshold, shards }, adjustments };
}

function invalid(message: string): RestockPlan {
  return { ok: false, code: 'INVALID_RESTOCK', message };
}
