/**
 * Reads the per-item reasons of a `TransactionCanceledException` (one per transaction item, in
 * order: 'None', 'ConditionalCheckFailed', 'TransactionConflict', ...). Returns undefined for
 * any other error.
 */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, CancellationReasons } = error as { name?: unknown; CancellationReasons?: unknown };
  if (name !== 'TransactionCanceledException') return undefined;
  if (!Array.isArray(CancellationReasons)) return [];
  return CancellationReasons.map((reason: { Code?: string } | undefined) => reason?.Code ?? 'None');
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ConditionalCheckFailedException'
  );
}

/** Full-jitter exponential backoff: random in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 10,
  capMs = 250,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
