export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: a random delay up to base * 2^(retry - 1), capped, so
 * publishers retrying after the same throttle do not retry in step.
 */
export const backoffDelay = (
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number => Math.floor(random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1)));
