/** Uniform in [0, 1), like `Math.random`; injected so tests choose the shard. */
export type RandomSource = () => number;

export function pickStartShard(shardCount: number, random: RandomSource): number {
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random source must return a number in [0, 1), got ${r}`);
  return Math.floor(r * shardCount);
}
