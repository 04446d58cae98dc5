import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { OrderCommandType } from '../../domain/order-events';
import type { OrderCommandSender, SendOutcome } from '../../ports/command-sender';
import type { OutboxCommand } from '../../ports/outbox-command';

export interface CommandQueues {
  /** RequestPayment and RefundPayment: the payment worker's queue. */
  payments: string;
  /** NotifyShipping: the notification worker's queue. */
  notifications: string;
}

const QUEUE_OF: Record<OrderCommandType, keyof CommandQueues> = {
  RequestPayment: 'payments',
  RefundPayment: 'payments',
  NotifyShipping: 'notifications',
};

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;

/**
 * Outbox commands onto the service's own SQS queues, batched per queue. The body carries the
 * command with its stored id, so a resend (stream retry) is recognisably the same command; the
 * workers are idempotent by that id and by the order's state.
 */
export class SqsCommandSender implements OrderCommandSender {
  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queues: CommandQueues,
  ) {}

  async send(commands: OutboxCommand[]): Promise<SendOutcome> {
    const byQueue = new Map<string, OutboxCommand[]>();
    for (const command of commands) {
      const url = this.queues[QUEUE_OF[command.command.type]];
      byQueue.set(url, [...(byQueue.get(url) ?? []), command]);
    }
    const failed: string[] = [];
    const calls: Promise<void>[] = [];
    for (const [url, queued] of byQueue) {
      for (let start = 0; start < queued.length; start += BATCH) {
        const batch = queued.slice(start, start + BATCH);
        calls.push(
          this.sendBatch(url, batch).then(
            (ids) => void failed.push(...ids),
            () => void failed.push(...batch.map((command) => command.commandId)),
          ),
        );
      }
    }
    await Promise.all(calls);
    return { failedCommandIds: failed };
  }

  /** Returns the ids SQS did not accept. */
  private async sendBatch(queueUrl: string, batch: OutboxCommand[]): Promise<string[]> {
    const entries: SendMessageBatchRequestEntry[] = batch.map((command, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify({
        commandId: command.commandId,
        correlationId: command.correlationId,
        ...(command.causationId === undefined ? {} : { causationId: command.causationId }),
        issuedAt: command.occurredAt,
        command: command.command,
      }),
      MessageAttributes: {
        correlationId: { DataType: 'String', StringValue: command.correlationId },
        commandType: { DataType: 'String', StringValue: command.command.type },
      },
    }));
    const result = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    return (result.Failed ?? []).map((entry) => batch[Number(entry.Id)]!.commandId);
  }
}
