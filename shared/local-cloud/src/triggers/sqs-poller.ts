import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { SqsTrigger } from '../config/local-service';
import { LOCAL_REGION } from '../config/local-aws';
import { localClientConfig } from '../emulators/support/local-client-config';
import type { FunctionInvoker } from '../offline/function-invoker';
import type { TriggerLogger } from './trigger-log';

export interface SqsPollerOptions {
  trigger: SqsTrigger;
  sqsEndpoint: string;
  queueUrl: string;
  invoker: FunctionInvoker;
  log: TriggerLogger;
  /** Pause between the short polls that fill a batching window. */
  pollIntervalMs?: number;
}

/** One SQS event source mapping: polls a queue and invokes the function with batches, as Lambda does. */
export interface SqsPoller {
  readonly trigger: SqsTrigger;
  stop(): Promise<void>;
}

const IDLE_WAIT_SECONDS = 1;

/**
 * Runs an `sqs` event of a function the way Lambda's event source mapping does:
 * - batches of up to `batchSize`, gathered for at most `maximumBatchingWindow` seconds;
 * - on success the batch is deleted; when the function fails (throws or times out) nothing is
 *   deleted and the messages return after the queue's visibility timeout;
 * - with `functionResponseType: ReportBatchItemFailures` only the messages not named in
 *   `batchItemFailures` are deleted; a malformed response fails the whole batch, as on AWS;
 * - moving a message to the dead-letter queue after `maxReceiveCount` is the queue's redrive
 *   policy, applied by the SQS emulator on receive.
 */
export function startSqsPoller(options: SqsPollerOptions): SqsPoller {
  const { trigger, invoker, log } = options;
  const client = new SQSClient({ ...localClientConfig(options.sqsEndpoint), maxAttempts: 1 });
  const abort = new AbortController();
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  let running = true;

  const receive = async (max: number, waitTimeSeconds: number): Promise<Message[]> => {
    const response = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return response.Messages ?? [];
  };

  // An idle queue is long-polled (the emulator answers as soon as a message is there); the
  // batching window is filled with short polls, as a long poll's whole seconds could overrun it.
  const gatherBatch = async (): Promise<Message[]> => {
    const batch = await receive(trigger.batchSize, IDLE_WAIT_SECONDS);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + trigger.maximumBatchingWindowSeconds * 1000;
    while (running && batch.length < trigger.batchSize && Date.now() < windowEnds) {
      const more = await receive(trigger.batchSize - batch.length, 0);
      if (more.length === 0) await delay(Math.min(pollIntervalMs, Math.max(0, windowEnds - Date.now())));
      batch.push(...more);
    }
    return batch;
  };

  const processBatch = async (messages: Message[]) => {
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, trigger.queueArn)) };
    const started = performance.now();
    let toDelete: Message[] = [];
    let outcome: string;
    let error: string | undefined;
    try {
      const result = await invoker.invoke(trigger.functionName, event);
      if (result.functionError) {
        outcome = 'function-error';
        error = describePayload(result.payload);
      } else if (trigger.reportBatchItemFailures) {
        const failed = failedMessageIds(result.payload, messages);
        if (failed === undefined) {
          outcome = 'invalid-batch-response';
          error = `batchItemFailures must name messageIds of the batch, got ${JSON.stringify(result.payload)}`;
        } else {
          toDelete = messages.filter((message) => !failed.has(message.MessageId ?? ''));
          outcome = failed.size === 0 ? 'success' : 'partial-failure';
        }
      } else {
        toDelete = messages;
        outcome = 'success';
      }
    } catch (invokeError) {
      outcome = 'invoke-failed';
      error = (invokeError as Error).message;
    }
    // DeleteMessageBatch takes at most ten entries.
    for (let start = 0; start < toDelete.length; start += 10) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: toDelete
            .slice(start, start + 10)
            .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
    log({
      trigger: 'sqs',
      source: trigger.queueName,
      target: trigger.functionName,
      batchSize: messages.length,
      deleted: toDelete.length,
      latencyMs: Math.round(performance.now() - started),
      outcome,
      ...(error === undefined ? {} : { error }),
    });
  };

  const loop = (async () => {
    while (running) {
      try {
        const batch = await gatherBatch();
        if (batch.length > 0 && running) await processBatch(batch);
      } catch (error) {
        if (!running) break;
        log({
          trigger: 'sqs',
          source: trigger.queueName,
          target: trigger.functionName,
          outcome: 'poll-failed',
          error: (error as Error).message,
        });
        await delay(1000);
      }
    }
  })();

  return {
    trigger,
    async stop() {
      running = false;
      abort.abort();
      await loop;
      client.destroy();
    },
  };
}

/** The message ids named in `batchItemFailures`, or undefined when the response is not a valid batch response. */
function failedMessageIds(payload: unknown, messages: Message[]): Set<string> | undefined {
  if (payload === undefined || payload === null) return new Set();
  if (typeof payload !== 'object') return undefined;
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return undefined;
  const ids = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !ids.has(id)) return undefined;
    failed.add(id);
  }
  return failed;
}

export function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
      ...(attributes.AWSTraceHeader ? { AWSTraceHeader: attributes.AWSTraceHeader } : {}),
    },
    messageAttributes: toLambdaAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}

function toLambdaAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: [],
      binaryListValues: [],
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
    };
  }
  return result;
}

function describePayload(payload: unknown): string {
  if (payload && typeof payload === 'object' && 'errorMessage' in payload)
    return String((payload as { errorMessage: unknown }).errorMessage);
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
