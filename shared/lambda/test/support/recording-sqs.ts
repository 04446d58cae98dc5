import type { SendMessageCommand, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { SqsSender } from '../../src';

/** SQS client double: records every SendMessage input; can be told to fail like an outage. */
export class RecordingSqs implements SqsSender {
  readonly sent: SendMessageCommandInput[] = [];
  failWith: Error | undefined;

  async send(command: SendMessageCommand): Promise<unknown> {
    if (this.failWith) throw this.failWith;
    this.sent.push(command.input);
    return { MessageId: `sent-${this.sent.length}` };
  }
}
