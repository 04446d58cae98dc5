/**
 * Splits `total` units over `shardCount` shards as evenly as possible: every shard gets
 * floor(total / n) and the first `total mod n` shards one more, so shards differ by at most one.
 */
export function splitStock(total: number, shardCount: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`total must be a whole number >= 0, got ${total}`);
  if (!Number.isSafeInteger(shardCount) || shardCount < 1) {
    throw new RangeError(`shardCount must be a whole number >= 1, got ${shardCount}`);
  }
  const base = Math.floor(total / shardCount);
  const remainder = total % shardCount;
  return Array.from({ length: shardCount }, (_, i) => base + (i < remainder ? 1 : 0));
}
