import type { FunctionInvoker } from '../offline/function-invoker';
import type { TriggerLogEntry, TriggerLogger } from './trigger-log';

/** Lambda retries a failed asynchronous invocation twice (after about one and two minutes on AWS). */
export const DEFAULT_ASYNC_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000];

/**
 * An asynchronous invocation (`InvocationType: Event`) as Lambda runs it: the caller does not
 * wait; the handler runs, is retried twice on error, and the outcome is logged as one line.
 */
export async function invokeAsynchronously(
  functions: FunctionInvoker,
  functionName: string,
  event: unknown,
  log: TriggerLogger,
  context: { trigger: TriggerLogEntry['trigger']; source: string; [detail: string]: unknown },
  retryDelaysMs: readonly number[] = DEFAULT_ASYNC_RETRY_DELAYS_MS,
): Promise<void> {
  const started = performance.now();
  let lastError = '';
  for (let attempt = 1; attempt <= retryDelaysMs.length + 1; attempt++) {
    try {
      const result = await functions.invoke(functionName, event);
      if (!result.functionError) {
        log({
          ...context,
          target: functionName,
          attempts: attempt,
          latencyMs: Math.round(performance.now() - started),
          outcome: 'success',
        });
        return;
      }
      lastError = errorMessage(result.payload);
    } catch (error) {
      lastError = (error as Error).message;
    }
    const pause = retryDelaysMs[attempt - 1];
    if (pause !== undefined) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  log({
    ...context,
    target: functionName,
    attempts: retryDelaysMs.length + 1,
    latencyMs: Math.round(performance.now() - started),
    outcome: 'function-error',
    error: lastError,
  });
}

export function errorMessage(payload: unknown): string {
  if (payload && typeof payload === 'object' && 'errorMessage' in payload) {
    return String((payload as { errorMessage: unknown }).errorMessage);
  }
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}
