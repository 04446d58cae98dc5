/**
 * The idempotency helpers against DynamoDB Local, through the real Powertools
 * DynamoDBPersistenceLayer the kit builds from IDEMPOTENCY_TABLE_NAME and
 * AWS_ENDPOINT_URL_DYNAMODB, exactly as a deployed function would.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDb, type RunningDynamoDb } from '@stratus/local-cloud/src/emulators/dynamodb';
import { OrderPlaced } from '@stratus/events';
import type { APIGatewayProxyEvent, EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { eventBridgeHandler, eventIdempotency, httpHandler, httpIdempotency, json } from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';
import { RecordingSqs } from '../support/recording-sqs';

jest.setTimeout(120_000);

const TABLE = 'lambda-kit-idempotency-test';
let dynamo: RunningDynamoDb;
let client: DynamoDBClient;
let output: Captured;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: TABLE,
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    }),
  );
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.IDEMPOTENCY_TABLE_NAME = TABLE;
  process.env.DEAD_LETTER_QUEUE_URL = 'http://127.0.0.1:1/unused';
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.IDEMPOTENCY_TABLE_NAME;
  delete process.env.DEAD_LETTER_QUEUE_URL;
});

beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

const Body = z.strictObject({
  items: z.array(z.strictObject({ sku: z.string(), quantity: z.int().min(1) })),
});
const post = (key: string, body: unknown): APIGatewayProxyEvent => {
  const event = fixture<APIGatewayProxyEvent>('api-gateway-rest-post-order');
  event.headers = { ...event.headers, 'Idempotency-Key': key };
  event.body = JSON.stringify(body);
  return event;
};

describe('idempotency on DynamoDB Local', () => {
  it('stores the HTTP response, replays it, and refuses the key with another body', async () => {
    let executions = 0;
    const handler = httpHandler(
      { body: Body, roles: ['customer'], idempotency: httpIdempotency() },
      async () => json(202, { orderId: `order-${++executions}`, status: 'PENDING' }),
    );
    const order = { items: [{ sku: 'SKU-1', quantity: 2 }] };

    const first = await handler(post('it-key-1', order), lambdaContext());
    const replay = await handler(post('it-key-1', order), lambdaContext());
    const reused = await handler(
      post('it-key-1', { items: [{ sku: 'SKU-1', quantity: 3 }] }),
      lambdaContext(),
    );

    expect(first.statusCode).toBe(202);
    expect(replay).toMatchObject({ statusCode: 202, body: first.body });
    expect(replay.headers?.['Idempotent-Replayed']).toBe('true');
    expect(reused.statusCode).toBe(422);
    expect(JSON.parse(reused.body).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(executions).toBe(1);

    const items = (await client.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
    const stored = items.find((item) => JSON.stringify(item.data).includes('order-1'));
    expect(stored?.status?.S).toBe('COMPLETED');
    expect(stored?.validation?.S).toMatch(/\S+/);
    expect(Number(stored?.expiration?.N)).toBeGreaterThan(Date.now() / 1000);
  });

  it('processes an EventBridge event once however often it is delivered', async () => {
    let runs = 0;
    const handler = eventBridgeHandler(
      OrderPlaced,
      async ({ data }) => {
        runs += 1;
        return { reservedFor: data.orderId };
      },
      { idempotency: eventIdempotency(), sqsClient: new RecordingSqs() },
    );
    const event = (): EventBridgeEvent<string, unknown> => fixture('eventbridge-order-placed');
    await handler(event(), lambdaContext());
    await handler(event(), lambdaContext());
    await handler(event(), lambdaContext());
    expect(runs).toBe(1);
  });
});
