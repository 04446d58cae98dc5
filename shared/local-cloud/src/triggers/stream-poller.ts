import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamTrigger } from '../config/local-service';
import { createTableStreamReader } from '../emulators/dynamodb';
import type { TableStreamReader } from '../emulators/dynamodb';
import { matchesPattern } from '../eventbridge';
import type { FunctionInvoker } from '../offline/function-invoker';
import type { TriggerLogger } from './trigger-log';

export interface StreamPollerOptions {
  trigger: StreamTrigger;
  dynamodbEndpoint: string;
  invoker: FunctionInvoker;
  log: TriggerLogger;
  pollIntervalMs?: number;
}

export interface StreamPoller {
  readonly trigger: StreamTrigger;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs a DynamoDB `stream` event of a function as Lambda's event source mapping does: batches in
 * order, records outside `filterPatterns` dropped, a failed batch retried (and the shard held)
 * until it succeeds or `maximumRetryAttempts` is spent (-1: no limit); with
 * ReportBatchItemFailures the retry starts at the first failed record.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { trigger, invoker, log } = options;
  const reader: TableStreamReader = await createTableStreamReader({
    endpoint: options.dynamodbEndpoint,
    tableName: trigger.tableName,
    startingPosition: trigger.startingPosition,
    batchSize: trigger.batchSize,
  });
  const interval = options.pollIntervalMs ?? 250;
  let running = true;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const deliver = async (records: DynamoDBRecord[]) => {
    let pending = records;
    let attempt = 0;
    while (running && pending.length > 0) {
      attempt += 1;
      const started = performance.now();
      const event: DynamoDBStreamEvent = { Records: pending };
      let failedFrom: number | undefined;
      let error: string | undefined;
      try {
        const result = await invoker.invoke(trigger.functionName, event);
        if (result.functionError) {
          failedFrom = 0;
          error = JSON.stringify(result.payload);
        } else if (trigger.reportBatchItemFailures) {
          failedFrom = firstFailure(result.payload, pending);
        }
      } catch (invokeError) {
        failedFrom = 0;
        error = (invokeError as Error).message;
      }
      const outcome =
        failedFrom === undefined ? 'success' : failedFrom === 0 ? 'function-error' : 'partial-failure';
      log({
        trigger: 'dynamodb-stream',
        source: trigger.tableName,
        target: trigger.functionName,
        batchSize: pending.length,
        attempt,
        latencyMs: Math.round(performance.now() - started),
        outcome,
        ...(error === undefined ? {} : { error }),
      });
      if (failedFrom === undefined) return;
      pending = pending.slice(failedFrom);
      if (trigger.maximumRetryAttempts >= 0 && attempt > trigger.maximumRetryAttempts) {
        log({
          trigger: 'dynamodb-stream',
          source: trigger.tableName,
          target: trigger.functionName,
          batchSize: pending.length,
          outcome: 'discarded-after-retries',
        });
        return;
      }
      await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** (attempt - 1)));
    }
  };

  const loop = (async () => {
    while (running) {
      try {
        const records = (await reader.poll()).filter(
          (record) =>
            trigger.filterPatterns.length === 0 ||
            trigger.filterPatterns.some((pattern) => matchesPattern(pattern, record)),
        );
        if (records.length > 0) await deliver(records);
      } catch (error) {
        if (!running) break;
        log({
          trigger: 'dynamodb-stream',
          source: trigger.tableName,
          target: trigger.functionName,
          outcome: 'poll-failed',
          error: (error as Error).message,
        });
      }
      if (running) await sleep(interval);
    }
  })();

  return {
    trigger,
    async stop() {
      running = false;
      wake?.();
      await loop;
      reader.close();
    },
  };
}

/** Index of the first record named in batchItemFailures (by sequence number); undefined when none failed. */
function firstFailure(payload: unknown, records: DynamoDBRecord[]): number | undefined {
  const failures = (payload as { batchItemFailures?: { itemIdentifier?: string }[] } | undefined)
    ?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return undefined;
  const indexes = failures
    .map((failure) =>
      records.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier),
    )
    .filter((index) => index >= 0);
  // A response naming no record of the batch counts as a failure of the whole batch.
  return indexes.length === 0 ? 0 : Math.min(...indexes);
}
