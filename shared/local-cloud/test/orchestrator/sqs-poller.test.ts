import { GetQueueAttributesCommand, SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { SqsTrigger } from '../../src/config/local-service';
import { startSqs } from '../../src/emulators/sqs';
import type { RunningSqs } from '../../src/emulators/sqs';
import type { FunctionInvoker, InvocationResult } from '../../src/offline/function-invoker';
import { startSqsPoller } from '../../src/triggers/sqs-poller';
import type { TriggerLogEntry } from '../../src/triggers/trigger-log';

jest.setTimeout(60_000);

/** A function that records each batch and answers what `respond` decides (the SQS side is the real emulator). */
class RecordingFunction implements FunctionInvoker {
  readonly batches: SQSEvent[] = [];
  constructor(private readonly respond: (event: SQSEvent) => Partial<InvocationResult>) {}
  has(): boolean {
    return true;
  }
  async invoke(functionName: string, event: unknown): Promise<InvocationResult> {
    this.batches.push(event as SQSEvent);
    return { functionName, payload: undefined, durationMs: 1, ...this.respond(event as SQSEvent) };
  }
}

let sqs: RunningSqs;
let client: SQSClient;

beforeEach(async () => {
  sqs = await startSqs({ port: 0 });
  client = new SQSClient({
    endpoint: sqs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await sqs.createQueuesFromCloudFormation({
    Dead: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'work-dlq' } },
    Batch: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'batch', VisibilityTimeout: 30 } },
    Work: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: 'work',
        VisibilityTimeout: 1,
        RedrivePolicy: { deadLetterTargetArn: sqs.queueArn('work-dlq'), maxReceiveCount: 2 },
      },
    },
  });
});

afterEach(async () => {
  client.destroy();
  await sqs.stop();
});

function trigger(overrides: Partial<SqsTrigger> = {}): SqsTrigger {
  return {
    functionKey: 'work',
    functionName: 'svc-local-work',
    queueName: 'work',
    queueArn: sqs.queueArn('work'),
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    reportBatchItemFailures: false,
    enabled: true,
    declaredAt: 'functions.work.events[0].sqs',
    ...overrides,
  };
}

async function send(count: number, queue = 'work'): Promise<void> {
  for (let start = 0; start < count; start += 10) {
    const entries = Array.from({ length: Math.min(10, count - start) }, (_, index) => ({
      Id: String(index),
      MessageBody: `message ${start + index}`,
    }));
    await client.send(new SendMessageBatchCommand({ QueueUrl: sqs.queueUrl(queue), Entries: entries }));
  }
}

async function depth(queue: string): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: sqs.queueUrl(queue),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('gathers batches of at most batchSize within the batching window and deletes what succeeded', async () => {
  const fn = new RecordingFunction(() => ({}));
  await send(7, 'batch');
  const log: TriggerLogEntry[] = [];
  const poller = startSqsPoller({
    trigger: trigger({
      queueName: 'batch',
      queueArn: sqs.queueArn('batch'),
      batchSize: 3,
      maximumBatchingWindowSeconds: 1,
    }),
    sqsEndpoint: sqs.endpoint,
    queueUrl: sqs.queueUrl('batch'),
    invoker: fn,
    log: (entry) => log.push(entry),
  });
  try {
    await until(
      async () => fn.batches.flatMap((batch) => batch.Records).length === 7 && (await depth('batch')) === 0,
    );
  } finally {
    await poller.stop();
  }
  expect(fn.batches.every((batch) => batch.Records.length <= 3)).toBe(true);
  expect(fn.batches.map((batch) => batch.Records.length).slice(0, 2)).toEqual([3, 3]);
  const record = fn.batches[0]!.Records[0]!;
  expect(new Set(fn.batches.flatMap((batch) => batch.Records.map((entry) => entry.body))).size).toBe(7);
  expect(record).toMatchObject({
    eventSource: 'aws:sqs',
    eventSourceARN: sqs.queueArn('batch'),
    awsRegion: 'us-east-1',
    attributes: { ApproximateReceiveCount: '1' },
  });
  expect(log.every((entry) => entry.outcome === 'success')).toBe(true);
});

it('deletes nothing when the function fails: the batch returns after the visibility timeout, then goes to the DLQ', async () => {
  const fn = new RecordingFunction(() => ({ functionError: 'Unhandled', payload: { errorMessage: 'boom' } }));
  await send(2);
  const poller = startSqsPoller({
    trigger: trigger(),
    sqsEndpoint: sqs.endpoint,
    queueUrl: sqs.queueUrl('work'),
    invoker: fn,
    log: () => undefined,
  });
  try {
    await until(async () => (await depth('work-dlq')) === 2);
  } finally {
    await poller.stop();
  }
  const receiveCounts = fn.batches.flatMap((batch) =>
    batch.Records.map((entry) => entry.attributes.ApproximateReceiveCount),
  );
  expect(new Set(receiveCounts)).toEqual(new Set(['1', '2']));
  expect(await depth('work')).toBe(0);
});

it('with ReportBatchItemFailures deletes only the messages not reported, and treats a malformed answer as a failed batch', async () => {
  let answer: 'report-first' | 'malformed' = 'malformed';
  const fn = new RecordingFunction((event) =>
    answer === 'malformed'
      ? { payload: { batchItemFailures: [{ itemIdentifier: 'not-a-message-of-this-batch' }] } }
      : { payload: { batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }] } },
  );
  await send(3);
  const log: TriggerLogEntry[] = [];
  const poller = startSqsPoller({
    trigger: trigger({ reportBatchItemFailures: true, batchSize: 3, maximumBatchingWindowSeconds: 1 }),
    sqsEndpoint: sqs.endpoint,
    queueUrl: sqs.queueUrl('work'),
    invoker: fn,
    log: (entry) => {
      log.push(entry);
      answer = 'report-first';
    },
  });
  try {
    await until(() => log.some((entry) => entry.outcome === 'partial-failure'));
  } finally {
    await poller.stop();
  }
  expect(log[0]).toMatchObject({ outcome: 'invalid-batch-response', deleted: 0 });
  const partial = log.find((entry) => entry.outcome === 'partial-failure')!;
  expect(partial.deleted).toBe(Number(partial.batchSize) - 1);
});
