import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createTestTable, TEST_DYNAMODB_ENDPOINT_VARIABLE } from '../../src/testing';
import dynamoDbGlobalSetup from '../../src/testing/dynamodb-global-setup';
import dynamoDbGlobalTeardown from '../../src/testing/dynamodb-global-teardown';

describe('the DynamoDB Local of an integration test run', () => {
  const before = process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
  afterAll(async () => {
    await dynamoDbGlobalTeardown();
    if (before === undefined) delete process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
    else process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE] = before;
  });

  const listTables = async (endpoint: string) => {
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    } finally {
      client.destroy();
    }
  };

  it('starts on a random port, names it to the tests, serves their tables, and stops at teardown', async () => {
    await dynamoDbGlobalSetup();
    const endpoint = process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE]!;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const table = await createTestTable((tableName) => ({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    expect(await listTables(endpoint)).toContain(table.tableName);
    await table.drop();

    await dynamoDbGlobalTeardown();
    await expect(listTables(endpoint)).rejects.toThrow();
    // A second teardown has nothing left to stop.
    await expect(dynamoDbGlobalTeardown()).resolves.toBeUndefined();
  }, 60_000);

  it('tells a test run without the setup what to add', async () => {
    const saved = process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
    delete process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
    try {
      await expect(createTestTable(() => ({ TableName: 'unused' }))).rejects.toThrow(
        /STRATUS_TEST_DYNAMODB_ENDPOINT is not set: add globalSetup\/globalTeardown \(@stratus\/local-cloud\/testing\/dynamodb-global-setup/,
      );
    } finally {
      if (saved !== undefined) process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE] = saved;
    }
  });
});
