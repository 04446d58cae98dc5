/**
 * The kit's DynamoDB helpers against DynamoDB Local, reached the way a function reaches it:
 * through AWS_ENDPOINT_URL_DYNAMODB.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb, type RunningDynamoDb } from '@stratus/local-cloud/src/emulators/dynamodb';
import { ShardedDueIndex, tracedDocumentClient } from '../../src';

jest.setTimeout(120_000);

const TABLE = 'lambda-kit-dynamodb-helpers-test';
const index = new ShardedDueIndex({
  indexName: 'due',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
  prefix: 'DUE',
  shards: 4,
});
let dynamo: RunningDynamoDb;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  const client = new DynamoDBClient({});
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
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

describe('ShardedDueIndex.findDue', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString();
  const documents = () => tracedDocumentClient();
  const put = async (id: string, dueMinute: number | undefined) => {
    const client = documents();
    await client.send(
      new PutCommand({
        TableName: TABLE,
        Item: { id, ...(dueMinute === undefined ? {} : index.keysFor(id, at(dueMinute))) },
      }),
    );
    client.destroy();
  };

  beforeAll(async () => {
    // Enough ids that every shard holds some; due minute = position, one of them never due.
    for (let i = 0; i < 24; i++) await put(`item-${String(i).padStart(2, '0')}`, i);
    await put('not-listed', undefined);
  });

  const find = async (minute: number, limit: number, inclusive?: boolean) => {
    const client = documents();
    try {
      return await index.findDue(client, TABLE, {
        now: new Date(at(minute)),
        limit,
        ...(inclusive === undefined ? {} : { inclusive }),
      });
    } finally {
      client.destroy();
    }
  };

  it('finds the items due before now across every shard, earliest first', async () => {
    expect(
      new Set(Array.from({ length: 24 }, (_, i) => index.shardOf(`item-${String(i).padStart(2, '0')}`))),
    ).toEqual(new Set(['DUE#0', 'DUE#1', 'DUE#2', 'DUE#3']));
    const due = await find(10, 100);
    expect(due).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ dueAt: at(i), id: `item-${String(i).padStart(2, '0')}` })),
    );
  });

  it('counts an item due exactly now only when inclusive', async () => {
    expect((await find(10, 100)).map((item) => item.id)).not.toContain('item-10');
    expect((await find(10, 100, true)).map((item) => item.id)).toContain('item-10');
    expect(await find(10, 100, true)).toHaveLength(11);
  });

  it('returns at most `limit`, the earliest ones, however the shards split them', async () => {
    expect(await find(30, 3)).toEqual([
      { dueAt: at(0), id: 'item-00' },
      { dueAt: at(1), id: 'item-01' },
      { dueAt: at(2), id: 'item-02' },
    ]);
  });
});
