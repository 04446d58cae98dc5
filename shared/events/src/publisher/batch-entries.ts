import { MAX_ENTRIES_PER_CALL, MAX_REQUEST_BYTES } from './put-events-limits';

export interface BatchLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * Splits items, in order, into the fewest consecutive batches that each hold at most
 * `maxEntries` items whose sizes add up to at most `maxBytes`. An item larger than `maxBytes`
 * on its own can never be sent, so it is refused rather than put in a batch by itself.
 */
export function batchEntries<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: BatchLimits = { maxEntries: MAX_ENTRIES_PER_CALL, maxBytes: MAX_REQUEST_BYTES },
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (size > limits.maxBytes) {
      throw new RangeError(`an entry of ${size} bytes exceeds the ${limits.maxBytes}-byte request limit`);
    }
    if (current.length === limits.maxEntries || currentBytes + size > limits.maxBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
