import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { TEST_DYNAMODB_ENDPOINT_VARIABLE } from './dynamodb-global-setup';

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named table in the DynamoDB Local a test run started, for integration tests of
 * adapters; the endpoint comes from STRATUS_TEST_DYNAMODB_ENDPOINT, set by the global setup.
 */
export async function createTestTable(
  definition: (tableName: string) => CreateTableCommandInput,
  ttlAttribute?: string,
): Promise<TestTable> {
  const endpoint = process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
  if (!endpoint) {
    throw new Error(
      `${TEST_DYNAMODB_ENDPOINT_VARIABLE} is not set: add globalSetup/globalTeardown (@stratus/local-cloud/testing/dynamodb-global-setup, @stratus/local-cloud/testing/dynamodb-global-teardown) to the Jest project`,
    );
  }
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  const tableName = `test-${randomUUID()}`;
  await client.send(new CreateTableCommand(definition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  if (ttlAttribute !== undefined) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    );
  }
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    tableName,
    client,
    documentClient,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
