import { logFileHint } from './saga-stack';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns something other than undefined, and returns that. After
 * `timeoutMs` it throws, naming what it waited for, the last value seen (from `describe`) and
 * the stack's log file. A deadline, never a fixed sleep: on a quiet machine it returns at once.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: WaitOptions & { describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const last = options.describe ? `; last seen: ${options.describe()}` : '';
      throw new Error(
        `timed out after ${(options.timeoutMs / 1000).toFixed(0)} s waiting for ${what}${last}${logFileHint()}`,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))),
    );
  }
}
