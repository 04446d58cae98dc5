/**
 * The document client the kit gives adapters, against DynamoDB Local reached the way a function
 * reaches it: through AWS_ENDPOINT_URL_DYNAMODB.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb, type RunningDynamoDb } from '@stratus/local-cloud/src/emulators/dynamodb';
import { tracedDocumentClient } from '../../src';

jest.setTimeout(120_000);

const TABLE = 'lambda-kit-document-client-test';
let dynamo: RunningDynamoDb;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  const client = new DynamoDBClient({});
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
});

afterAll(async () => {
  await dynamo?.stop();
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
});

describe('tracedDocumentClient', () => {
  it('writes items with undefined attributes by leaving those attributes out', async () => {
    const documents = tracedDocumentClient();
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: { id: 'order-1', status: 'PENDING', cancelledAt: undefined },
      }),
    );
    const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { id: 'order-1' } }));
    expect(Item).toEqual({ id: 'order-1', status: 'PENDING' });
    documents.destroy();
  });
});
