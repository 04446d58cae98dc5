import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueueSender } from './sqs-queue-sender';
import {
  type DeadLetter,
  type TargetInvocation,
  type TargetInvoker,
  UnsupportedTargetError,
  parseArn,
  targetKind,
} from './target-invoker';

export interface AwsTargetInvokerOptions {
  /** Endpoints of the local services; a kind of target without an endpoint is refused. */
  readonly endpoints: { readonly sqs?: string; readonly lambda?: string; readonly sfn?: string };
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * `Event` (default) is what EventBridge does: the delivery succeeds once Lambda accepted the
   * event. `RequestResponse` waits for the function and treats a function error as a failed
   * delivery (retried, then dead-lettered), which makes handler failures visible locally.
   */
  readonly lambdaInvocationType?: 'Event' | 'RequestResponse';
}

const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Delivers to local emulators through the AWS SDK: SQS queues (SendMessage, batched under
 * load; queue ARN -> URL with GetQueueUrl), Lambda functions (Invoke) and state machines
 * (StartExecution). Dead letters go to SQS with EventBridge's attributes.
 */
export class AwsTargetInvoker implements TargetInvoker {
  private readonly sqs?: SQSClient;
  private readonly lambda?: LambdaClient;
  private readonly sfn?: SFNClient;
  private readonly senders = new Map<string, SqsQueueSender>();
  private readonly queueUrls = new Map<string, Promise<string>>();

  constructor(private readonly options: AwsTargetInvokerOptions) {
    const base = {
      region: options.region ?? 'us-east-1',
      credentials: options.credentials ?? DUMMY_CREDENTIALS,
    };
    if (options.endpoints.sqs) this.sqs = new SQSClient({ ...base, endpoint: options.endpoints.sqs });
    if (options.endpoints.lambda)
      this.lambda = new LambdaClient({ ...base, endpoint: options.endpoints.lambda });
    if (options.endpoints.sfn) this.sfn = new SFNClient({ ...base, endpoint: options.endpoints.sfn });
  }

  supports(arn: string): boolean {
    switch (targetKind(arn)) {
      case 'sqs':
        return this.sqs !== undefined;
      case 'lambda':
        return this.lambda !== undefined;
      case 'state-machine':
        return this.sfn !== undefined;
      default:
        return false;
    }
  }

  async invoke({ target, payload, event }: TargetInvocation): Promise<void> {
    const arn = target.Arn ?? '';
    switch (targetKind(arn)) {
      case 'sqs': {
        const fifo = arn.endsWith('.fifo');
        await this.sender(arn).send({
          body: payload,
          groupId: target.SqsParameters?.MessageGroupId,
          deduplicationId: fifo ? String(event.id) : undefined,
        });
        return;
      }
      case 'lambda':
        await this.invokeFunction(arn, payload);
        return;
      case 'state-machine':
        if (!this.sfn) throw new UnsupportedTargetError(arn);
        await this.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: payload }));
        return;
      default:
        throw new UnsupportedTargetError(arn);
    }
  }

  async sendToDeadLetterQueue(letter: DeadLetter): Promise<void> {
    await this.sender(letter.queueArn).send({ body: letter.body, attributes: letter.attributes });
  }

  private async invokeFunction(arn: string, payload: string): Promise<void> {
    if (!this.lambda) throw new UnsupportedTargetError(arn);
    // function:NAME[:QUALIFIER]; local runtimes know functions by name.
    const [, name, qualifier] = (parseArn(arn)?.resource ?? '').split(':');
    const invocationType = this.options.lambdaInvocationType ?? 'Event';
    const result = await this.lambda.send(
      new InvokeCommand({
        FunctionName: name,
        Qualifier: qualifier,
        InvocationType: invocationType,
        Payload: Buffer.from(payload),
      }),
    );
    if (result.FunctionError) {
      const detail = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
      throw new Error(`Function ${name} failed (${result.FunctionError}): ${detail}`);
    }
  }

  private sender(queueArn: string): SqsQueueSender {
    let sender = this.senders.get(queueArn);
    if (!sender) {
      const sqs = this.sqs;
      if (!sqs) throw new UnsupportedTargetError(queueArn);
      sender = new SqsQueueSender(sqs, () => this.queueUrl(sqs, queueArn));
      this.senders.set(queueArn, sender);
    }
    return sender;
  }

  private queueUrl(sqs: SQSClient, queueArn: string): Promise<string> {
    let url = this.queueUrls.get(queueArn);
    if (!url) {
      const parsed = parseArn(queueArn);
      url = sqs
        .send(
          new GetQueueUrlCommand({
            QueueName: parsed?.resource,
            QueueOwnerAWSAccountId: parsed?.accountId || undefined,
          }),
        )
        .then((result) => {
          if (!result.QueueUrl) throw new Error(`No queue URL for ${queueArn}`);
          return result.QueueUrl;
        });
      // A queue created later must still be found: forget failed look-ups.
      url.catch(() => this.queueUrls.delete(queueArn));
      this.queueUrls.set(queueArn, url);
    }
    return url;
  }

  destroy(): void {
    this.sqs?.destroy();
    this.lambda?.destroy();
    this.sfn?.destroy();
  }
}
