import net from 'node:net';
import {
  CreateQueueCommand,
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

  describe('long polls (WaitTimeSeconds > 0)', () => {
    const elapsedMs = (since: number) => performance.now() - since;

    it('answer as soon as a message is there, with fewer than MaxNumberOfMessages', async () => {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'long-poll-ready' }));
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
      const started = performance.now();
      const { Messages } = await client.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }),
      );
      expect(Messages?.map((message) => message.Body)).toEqual(['one']);
      // Held until the 10 s wait ran out before; margins are wide on purpose (loaded 2-core machine).
      expect(elapsedMs(started)).toBeLessThan(3_000);
    });

    it('answer with a message that arrives while the poll waits', async () => {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'long-poll-later' }));
      const started = performance.now();
      const receive = client.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' }));
      const { Messages } = await receive;
      expect(Messages?.map((message) => message.Body)).toEqual(['late']);
      expect(elapsedMs(started)).toBeLessThan(3_000);
    });

    it('use the queue ReceiveMessageWaitTimeSeconds when the request names no wait', async () => {
      const { QueueUrl } = await client.send(
        new CreateQueueCommand({
          QueueName: 'long-poll-queue-default',
          Attributes: { ReceiveMessageWaitTimeSeconds: '10' },
        }),
      );
      const started = performance.now();
      const receive = client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'waited' }));
      const { Messages } = await receive;
      expect(Messages?.map((message) => message.Body)).toEqual(['waited']);
      expect(elapsedMs(started)).toBeLessThan(3_000);
    });

    it('answer with no message once the wait is over on an empty queue', async () => {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'long-poll-empty' }));
      const { Messages } = await client.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      expect(Messages ?? []).toEqual([]);
    });

    it('still refuse a WaitTimeSeconds above 20', async () => {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'long-poll-invalid' }));
      await expect(client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 }))).rejects.toThrow(
        /WaitTimeSeconds/,
      );
    });
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
