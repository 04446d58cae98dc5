export interface LoadOptions<T> {
  /** How many requests in all. */
  total: number;
  /** At most this many in flight at once. */
  concurrency: number;
  /** Sends request number `index` (0-based); resolves with what the caller wants recorded. */
  send: (index: number) => Promise<T>;
  /** Milliseconds clock; default performance.now. */
  now?: () => number;
}

export type RequestOutcome<T> =
  | { index: number; latencyMs: number; ok: true; value: T }
  | { index: number; latencyMs: number; ok: false; error: string };

export interface LoadResult<T> {
  outcomes: RequestOutcome<T>[];
  /** From the first request sent to the last one settled. */
  elapsedMs: number;
  /** Highest number of requests in flight at any moment (never above the concurrency). */
  maxInFlight: number;
}

/**
 * A closed-loop load: `concurrency` workers, each sending its next request as soon as its last
 * one settled, until `total` were sent. Failures (network errors, thrown errors) are recorded,
 * not thrown, so one refused connection does not end the run. Outcomes are in index order.
 */
export async function runBoundedLoad<T>(options: LoadOptions<T>): Promise<LoadResult<T>> {
  const { total, concurrency, send } = options;
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`total must be a whole number, got ${total}`);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive whole number, got ${concurrency}`);
  const now = options.now ?? (() => performance.now());
  const outcomes: RequestOutcome<T>[] = new Array(total);
  let next = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const started = now();
  const worker = async () => {
    while (next < total) {
      const index = next++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const sentAt = now();
      try {
        const value = await send(index);
        outcomes[index] = { index, latencyMs: now() - sentAt, ok: true, value };
      } catch (error) {
        outcomes[index] = {
          index,
          latencyMs: now() - sentAt,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        };
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
  return { outcomes, elapsedMs: now() - started, maxInFlight };
}
