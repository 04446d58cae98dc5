import net from 'node:net';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startSqs } from '../../../src/emulators/sqs';
import type { RunningSqs } from '../../../src/emulators/sqs';
import { localClientConfig } from '../../../src/emulators/support/local-client-config';
import { PortInUseError } from '../../../src/emulators/support/ports';
import resources from '../fixtures/orders-queues.json';

jest.setTimeout(30_000);

describe('SQS emulator', () => {
  let sqs: RunningSqs;
  let client: SQSClient;

  beforeAll(async () => {
    sqs = await startSqs({ port: 0 });
    client = new SQSClient(localClientConfig(sqs.endpoint));
    await sqs.createQueuesFromCloudFormation(resources);
  });
  afterAll(async () => {
    client.destroy();
    await sqs.stop();
  });

  it('creates the template queues, dead-letter queues first, and reports them as existing the second time', async () => {
    const other = await startSqs({ port: 0 });
    const first = await other.createQueuesFromCloudFormation(resources);
    await other.stop();
    expect(first.created).toEqual(
      expect.arrayContaining(['stratus-local-inventory-reservations', 'LedgerQueue.fifo']),
    );
    expect(first.created).toHaveLength(4);
    expect(first.byLogicalId.ReservationsQueue?.queueUrl).toBe(
      `${other.endpoint}/000000000000/stratus-local-inventory-reservations`,
    );
    const second = await sqs.createQueuesFromCloudFormation(resources);
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(4);
    const reservations = second.byLogicalId.ReservationsQueue;
    expect(reservations?.queueUrl).toBe(`${sqs.endpoint}/000000000000/stratus-local-inventory-reservations`);
    expect(reservations?.queueArn).toBe(sqs.queueArn('stratus-local-inventory-reservations'));
    expect(sqs.queueUrlFromArn(reservations?.queueArn as string)).toBe(reservations?.queueUrl);
    expect(sqs.queueArnFromUrl(reservations?.queueUrl as string)).toBe(reservations?.queueArn);
  });

  it('applies the attributes, redrive policy and tags of the template', async () => {
    const url = sqs.queueUrl('stratus-local-inventory-reservations');
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('1');
    expect(Attributes?.MessageRetentionPeriod).toBe('1209600');
    expect(JSON.parse(Attributes?.RedrivePolicy as string)).toEqual({
      deadLetterTargetArn: sqs.queueArn('stratus-local-inventory-reservations-dlq'),
      maxReceiveCount: 2,
    });
    const { Tags } = await client.send(new ListQueueTagsCommand({ QueueUrl: url }));
    expect(Tags).toEqual({ service: 'inventory' });
    const fifo = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl('LedgerQueue.fifo'), AttributeNames: ['All'] }),
    );
    expect(fifo.Attributes?.FifoQueue).toBe('true');
    expect(fifo.Attributes?.ContentBasedDeduplication).toBe('true');
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives without delete', async () => {
    const url = sqs.queueUrl('stratus-local-inventory-reservations');
    const dlqUrl = sqs.queueUrl('stratus-local-inventory-reservations-dlq');
    const { MessageId } = await client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: '{"sku":"A-1"}' }),
    );

    const receiveCounts: string[] = [];
    const deadline = Date.now() + 10_000;
    while (receiveCounts.length < 2 && Date.now() < deadline) {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      for (const message of Messages ?? []) {
        expect(message.MessageId).toBe(MessageId);
        receiveCounts.push(message.Attributes?.ApproximateReceiveCount as string);
      }
    }
    expect(receiveCounts).toEqual(['1', '2']);

    const { Messages: dead } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 5 }),
    );
    expect(dead?.map((message) => [message.MessageId, message.Body])).toEqual([[MessageId, '{"sku":"A-1"}']]);
    const { Messages: source } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }),
    );
    expect(source ?? []).toEqual([]);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: dead?.[0]?.ReceiptHandle }),
    );
  });

  it('honours MessageSystemAttributeNames (the non-deprecated parameter) as well as AttributeNames', async () => {
    const url = sqs.queueUrl('LedgerDlq.fifo');
    await client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
      }),
    );
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'MessageGroupId'],
      }),
    );
    expect(Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: '1', MessageGroupId: 'g' });
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: Messages?.[0]?.ReceiptHandle }),
    );
  });

  it('keeps a message that is deleted in time out of the dead-letter queue', async () => {
    const url = sqs.queueUrl('stratus-local-inventory-reservations');
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'ok' }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: Messages?.[0]?.ReceiptHandle }),
    );
    const { Messages: dead } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: sqs.queueUrl('stratus-local-inventory-reservations-dlq'),
        WaitTimeSeconds: 2,
      }),
    );
    expect(dead ?? []).toEqual([]);
  });

  it('names the emulator and the port when the port is taken', async () => {
    const failure = startSqs({ port: sqs.port });
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`sqs: port ${sqs.port} is already in use`);
  });

  it('releases its port on stop', async () => {
    const other = await startSqs({ port: 0 });
    await other.stop();
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(other.port, '127.0.0.1', resolve);
    });
    probe.close();
  });
});
