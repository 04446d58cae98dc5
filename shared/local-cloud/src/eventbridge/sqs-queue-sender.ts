import { type SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';

export interface OutgoingMessage {
  readonly body: string;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

interface Pending extends OutgoingMessage {
  resolve(): void;
  reject(error: Error): void;
}

const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;
const MAX_IN_FLIGHT = 4;

const toAttributes = (attributes: Readonly<Record<string, string>> | undefined) =>
  attributes
    ? Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      )
    : undefined;

/**
 * Sends messages to one queue. Messages sent in the same tick, and messages that arrive while
 * requests are in flight, gather into SendMessageBatch calls (up to 10 entries, 256 KB), so a
 * burst costs a few requests without making a lone message wait for a timer.
 */
export class SqsQueueSender {
  private readonly pending: Pending[] = [];
  private inFlight = 0;
  private pumpScheduled = false;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: () => Promise<string>,
  ) {}

  send(message: OutgoingMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...message, resolve, reject });
      // Sends made in the same tick (one PutEvents fans out synchronously) share a batch.
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        queueMicrotask(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.sendBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let bytes = 0;
    while (batch.length < MAX_BATCH_ENTRIES && this.pending.length > 0) {
      const next = this.pending[0] as Pending;
      const size = Buffer.byteLength(next.body);
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      batch.push(next);
      this.pending.shift();
      bytes += size;
    }
    return batch;
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    try {
      const QueueUrl = await this.queueUrl();
      if (batch.length === 1) {
        const [message] = batch as [Pending];
        await this.client.send(
          new SendMessageCommand({
            QueueUrl,
            MessageBody: message.body,
            MessageGroupId: message.groupId,
            MessageDeduplicationId: message.deduplicationId,
            MessageAttributes: toAttributes(message.attributes),
          }),
        );
        message.resolve();
        return;
      }
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: message.body,
            MessageGroupId: message.groupId,
            MessageDeduplicationId: message.deduplicationId,
            MessageAttributes: toAttributes(message.attributes),
          })),
        }),
      );
      const failures = new Map((result.Failed ?? []).map((failure) => [failure.Id, failure]));
      batch.forEach((message, index) => {
        const failure = failures.get(String(index));
        if (failure)
          message.reject(
            new Error(`${failure.Code ?? 'SendMessageFailed'}: ${failure.Message ?? 'no message'}`),
          );
        else message.resolve();
      });
    } catch (error) {
      for (const message of batch) message.reject(error as Error);
    }
  }
}
