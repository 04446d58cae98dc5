/**
 * Runs `work` for every item with at most `limit` in flight, results in item order.
 *
 * The local cloud runs at most a few execution environments per function and queues the rest, so
 * a limit as high as the item count is fine for the stack; a lower one keeps a test's own load
 * (and its share of a 2-core machine) in proportion.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
