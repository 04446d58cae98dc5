import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  createTableStreamReader,
  createTablesFromCloudFormation,
  startDynamoDb,
} from '../../../src/emulators/dynamodb';
import type { RunningDynamoDb } from '../../../src/emulators/dynamodb';
import { groupAlive } from '../../../src/emulators/support/guarded-process';
import { localClientConfig } from '../../../src/emulators/support/local-client-config';
import { PortInUseError } from '../../../src/emulators/support/ports';
import resources from '../fixtures/orders-table.json';

jest.setTimeout(90_000);

const started: RunningDynamoDb[] = [];
async function start(options: Parameters<typeof startDynamoDb>[0] = {}): Promise<RunningDynamoDb> {
  const dynamodb = await startDynamoDb(options);
  started.push(dynamodb);
  return dynamodb;
}

afterAll(async () => {
  await Promise.all(started.map((dynamodb) => dynamodb.stop()));
  for (const dynamodb of started) expect(groupAlive(dynamodb.pid)).toBe(false);
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('DynamoDB Local emulator', () => {
  let dynamodb: RunningDynamoDb;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamodb = await start({ port: 0 });
    client = new DynamoDBClient(localClientConfig(dynamodb.endpoint));
  });
  afterAll(() => client.destroy());

  it('listens on a random 127.0.0.1 port and reports how long it took to start', () => {
    expect(dynamodb.endpoint).toBe(`http://127.0.0.1:${dynamodb.port}`);
    expect(dynamodb.port).toBeGreaterThan(0);
    expect(dynamodb.startupMs).toBeGreaterThan(0);
    console.log(`DynamoDB Local ready in ${dynamodb.startupMs} ms`);
  });

  it('creates the template tables once with indexes, stream and TTL, and reports existing ones after', async () => {
    const first = await createTablesFromCloudFormation(dynamodb.endpoint, resources);
    expect(first.created.sort()).toEqual(['IdempotencyTable', 'stratus-local-orders']);
    expect(first.existing).toEqual([]);
    const orders = first.tables.find((table) => table.logicalId === 'OrdersTable');
    expect(orders?.streamArn).toMatch(/^arn:aws:dynamodb:.*stratus-local-orders\/stream\//);
    expect(orders?.timeToLiveAttribute).toBe('expiresAt');

    const second = await createTablesFromCloudFormation(dynamodb.endpoint, resources);
    expect(second.created).toEqual([]);
    expect(second.existing.sort()).toEqual(['IdempotencyTable', 'stratus-local-orders']);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'stratus-local-orders' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1']);
    expect(Table?.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byCreatedAt']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'stratus-local-orders' }));
    expect(ttl.TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('supports transactions (the reason for DynamoDB Local over pure-JS emulators)', async () => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'IdempotencyTable', Item: { id: { S: 'a' } } } },
          { Put: { TableName: 'IdempotencyTable', Item: { id: { S: 'b' } } } },
        ],
      }),
    );
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'IdempotencyTable', Item: { id: { S: 'c' } } } },
            {
              Put: {
                TableName: 'IdempotencyTable',
                Item: { id: { S: 'a' } },
                ConditionExpression: 'attribute_not_exists(id)',
              },
            },
          ],
        }),
      ),
    ).rejects.toThrow(/Transaction cancelled/);
    const c = await client.send(
      new GetItemCommand({ TableName: 'IdempotencyTable', Key: { id: { S: 'c' } } }),
    );
    expect(c.Item).toBeUndefined();
  });

  it('reads insert, modify and remove records from the table stream in Lambda event shape', async () => {
    await createTablesFromCloudFormation(dynamodb.endpoint, resources);
    const reader = await createTableStreamReader({
      endpoint: dynamodb.endpoint,
      tableName: 'stratus-local-orders',
    });
    try {
      expect(await reader.poll()).toEqual([]);
      const key = { pk: { S: 'ORDER#1' }, sk: { S: 'META' } };
      await client.send(
        new PutItemCommand({
          TableName: 'stratus-local-orders',
          Item: { ...key, status: { S: 'PLACED' }, blob: { B: Buffer.from('hi') } },
        }),
      );
      await client.send(
        new UpdateItemCommand({
          TableName: 'stratus-local-orders',
          Key: key,
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'CONFIRMED' } },
        }),
      );
      await client.send(new DeleteItemCommand({ TableName: 'stratus-local-orders', Key: key }));

      const records = await reader.poll();
      expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
      const [insert, modify, remove] = records;
      expect(insert?.eventSource).toBe('aws:dynamodb');
      expect(insert?.eventSourceARN).toBe(reader.streamArn);
      expect(insert?.dynamodb?.Keys).toEqual(key);
      expect(insert?.dynamodb?.NewImage).toEqual({
        ...key,
        status: { S: 'PLACED' },
        blob: { B: Buffer.from('hi').toString('base64') },
      });
      expect(typeof insert?.dynamodb?.ApproximateCreationDateTime).toBe('number');
      expect(modify?.dynamodb?.OldImage?.status).toEqual({ S: 'PLACED' });
      expect(modify?.dynamodb?.NewImage?.status).toEqual({ S: 'CONFIRMED' });
      expect(remove?.dynamodb?.OldImage?.status).toEqual({ S: 'CONFIRMED' });
      expect(remove?.dynamodb?.NewImage).toBeUndefined();
      expect(await reader.poll()).toEqual([]);
    } finally {
      reader.close();
    }
  });

  it('delivers the first records of a stream whose iterator was taken while it was empty and other tables were written', async () => {
    // DynamoDB Local numbers stream records across tables; the reader must survive that.
    await createTablesFromCloudFormation(dynamodb.endpoint, {
      Fresh: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          ...resources.IdempotencyTable.Properties,
          TableName: 'fresh',
          StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
        },
      },
    });
    const reader = await createTableStreamReader({
      endpoint: dynamodb.endpoint,
      tableName: 'fresh',
      startingPosition: 'TRIM_HORIZON',
    });
    try {
      expect(await reader.poll()).toEqual([]);
      await client.send(
        new PutItemCommand({ TableName: 'IdempotencyTable', Item: { id: { S: 'elsewhere' } } }),
      );
      await client.send(new PutItemCommand({ TableName: 'fresh', Item: { id: { S: 'first' } } }));
      await client.send(new PutItemCommand({ TableName: 'fresh', Item: { id: { S: 'second' } } }));
      expect((await reader.poll()).map((record) => record.dynamodb?.Keys)).toEqual([
        { id: { S: 'first' } },
        { id: { S: 'second' } },
      ]);
      await client.send(
        new PutItemCommand({ TableName: 'IdempotencyTable', Item: { id: { S: 'elsewhere-again' } } }),
      );
      await client.send(new PutItemCommand({ TableName: 'fresh', Item: { id: { S: 'third' } } }));
      expect((await reader.poll()).map((record) => record.dynamodb?.Keys)).toEqual([{ id: { S: 'third' } }]);
    } finally {
      reader.close();
    }
  });

  it('respects batchSize across polls', async () => {
    const reader = await createTableStreamReader({
      endpoint: dynamodb.endpoint,
      tableName: 'stratus-local-orders',
      batchSize: 2,
    });
    try {
      for (const n of [1, 2, 3]) {
        await client.send(
          new PutItemCommand({
            TableName: 'stratus-local-orders',
            Item: { pk: { S: `B#${n}` }, sk: { S: 'x' } },
          }),
        );
      }
      const first = await reader.poll();
      const second = await reader.poll();
      expect(first.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['B#1', 'B#2']);
      expect(second.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['B#3']);
    } finally {
      reader.close();
    }
  });

  it('refuses to read a table without a stream, naming it', async () => {
    await expect(
      createTableStreamReader({ endpoint: dynamodb.endpoint, tableName: 'IdempotencyTable' }),
    ).rejects.toThrow(/table IdempotencyTable has no stream/);
  });
});

describe('DynamoDB Local lifecycle', () => {
  it('names the emulator and the port when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const failure = startDynamoDb({ port });
      await expect(failure).rejects.toThrow(PortInUseError);
      await expect(failure).rejects.toThrow(`dynamodb: port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('keeps data in dataDir across restarts', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ddb-data-'));
    const first = await start({ dataDir });
    await createTablesFromCloudFormation(first.endpoint, { IdempotencyTable: resources.IdempotencyTable });
    const writer = new DynamoDBClient(localClientConfig(first.endpoint));
    await writer.send(new PutItemCommand({ TableName: 'IdempotencyTable', Item: { id: { S: 'kept' } } }));
    writer.destroy();
    await first.stop();
    expect(groupAlive(first.pid)).toBe(false);

    const second = await start({ dataDir });
    const reader = new DynamoDBClient(localClientConfig(second.endpoint));
    const { Item } = await reader.send(
      new GetItemCommand({ TableName: 'IdempotencyTable', Key: { id: { S: 'kept' } } }),
    );
    reader.destroy();
    expect(Item).toEqual({ id: { S: 'kept' } });
    const report = await createTablesFromCloudFormation(second.endpoint, {
      IdempotencyTable: resources.IdempotencyTable,
    });
    expect(report.existing).toEqual(['IdempotencyTable']);
  });

  it('fails with the install hint when the configured java does not exist', async () => {
    await expect(startDynamoDb({ javaPath: '/nonexistent/java' })).rejects.toThrow(/openjdk-17-jre-headless/);
  });

  it.each(['SIGKILL', 'SIGINT'] as const)(
    'leaves no JVM behind when the parent process gets %s',
    async (signal) => {
      const fixture = path.join(__dirname, '..', 'fixtures', 'start-dynamodb-and-wait.ts');
      // One Node process (tsx as a loader, not its CLI, which would add a second process).
      const tsxLoader = pathToFileURL(
        path.join(require.resolve('tsx/package.json'), '..', 'dist', 'loader.mjs'),
      ).href;
      const parent = spawn(process.execPath, ['--import', tsxLoader, fixture], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        parent.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          if (buffered.includes('\n')) resolve(buffered.split('\n')[0] as string);
        });
        parent.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
      });
      const { pid, endpoint } = JSON.parse(line) as { pid: number; endpoint: string };
      expect(groupAlive(pid)).toBe(true);
      const probe = new DynamoDBClient(localClientConfig(endpoint));
      await expect(probe.send(new DescribeTableCommand({ TableName: 'none' }))).rejects.toThrow(
        /non-existent table/,
      );
      probe.destroy();

      parent.kill(signal);
      expect(await waitUntil(() => !groupAlive(pid), 10_000)).toBe(true);
    },
  );
});
