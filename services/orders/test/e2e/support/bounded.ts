/**
 * Runs `work` for every item with at most `limit` in flight, results in item order.
 *
 * Why the e2e tests bound their HTTP concurrency: serverless-offline starts a new worker thread
 * (a cold Lambda instance that loads the whole bundle) for every request that arrives while the
 * function's instances are busy, without limit. 200 requests at once on a 2-core machine made
 * 174 of them time out (504) while 200 worker threads loaded. 20 in flight still puts all 200
 * orders into the saga within a few seconds, well inside its batching windows, so they race in
 * inventory all the same.
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
