/**
 * eventBridgeHandler parks a poison event on a real (local-aws-sqs) queue through its default
 * SQS client, reached via AWS_ENDPOINT_URL_SQS as a deployed function reaches SQS.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs, type RunningSqs } from '@stratus/local-cloud/src/emulators/sqs';
import { OrderPlaced } from '@stratus/events';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventBridgeHandler } from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';

jest.setTimeout(60_000);

let sqs: RunningSqs;
let client: SQSClient;
let queueUrl: string;
let output: Captured;

beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient({
    endpoint: sqs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await client.send(new CreateQueueCommand({ QueueName: 'orders-events-dlq' }))).QueueUrl!;
  process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
  process.env.DEAD_LETTER_QUEUE_URL = queueUrl;
});

afterAll(async () => {
  client?.destroy();
  await sqs?.stop();
  delete process.env.AWS_ENDPOINT_URL_SQS;
  delete process.env.DEAD_LETTER_QUEUE_URL;
});

beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

it('sends the raw poison event with its reason to the dead-letter queue', async () => {
  let businessRuns = 0;
  const handler = eventBridgeHandler(OrderPlaced, async () => {
    businessRuns += 1;
  });
  const poison = fixture<EventBridgeEvent<string, unknown>>('eventbridge-order-placed-invalid');
  await handler(poison, lambdaContext());

  const received = await client.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
  );
  expect(received.Messages).toHaveLength(1);
  const [message] = received.Messages!;
  expect(JSON.parse(message!.Body!)).toEqual(poison);
  expect(message!.MessageAttributes?.source?.StringValue).toBe('stratus.orders');
  expect(message!.MessageAttributes?.detailType?.StringValue).toBe('OrderPlaced');
  expect(message!.MessageAttributes?.reason?.StringValue).toContain('orderId');
  expect(businessRuns).toBe(0);
});
