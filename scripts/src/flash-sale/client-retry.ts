export interface Attempt {
  latencyMs: number;
  /** HTTP status, or undefined when there was no answer. */
  status?: number;
  error?: string;
}

export interface RetriedCall<T> {
  /** The last answer, or undefined when the last attempt got none. */
  answer?: T;
  attempts: Attempt[];
}

export interface RetryOptions<T> {
  /** Retries after the first attempt. */
  retries: number;
  /** Status of an answer (a 5xx is retried). */
  statusOf: (answer: T) => number;
  /** Delay before retry n (1-based). */
  delayMs: (retry: number) => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** 5xx (e.g. API Gateway's 504 when the function timed out) and no answer at all are worth another try. */
export const isRetryableStatus = (status: number | undefined) => status === undefined || status >= 500;

/**
 * Calls `send` like a careful client of an idempotent API: a 5xx or no answer is sent again, the
 * same request with the same Idempotency-Key, up to `retries` more times. A 5xx does not say
 * whether the order was created; the retry does (the key returns the first order).
 */
export async function callWithRetries<T>(
  send: () => Promise<T>,
  options: RetryOptions<T>,
): Promise<RetriedCall<T>> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => performance.now());
  const attempts: Attempt[] = [];
  let answer: T | undefined;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await sleep(options.delayMs(attempt));
    const started = now();
    try {
      answer = await send();
      const status = options.statusOf(answer);
      attempts.push({ latencyMs: now() - started, status });
      if (!isRetryableStatus(status)) break;
    } catch (error) {
      answer = undefined;
      attempts.push({
        latencyMs: now() - started,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { ...(answer === undefined ? {} : { answer }), attempts };
}
