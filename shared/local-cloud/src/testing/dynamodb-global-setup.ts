import { startDynamoDb, type RunningDynamoDb } from '../emulators/dynamodb';

/** Where the global setup tells test workers the DynamoDB Local endpoint; `createTestTable` reads it. */
export const TEST_DYNAMODB_ENDPOINT_VARIABLE = 'STRATUS_TEST_DYNAMODB_ENDPOINT';

const HANDLE = '__STRATUS_TEST_DYNAMODB__';

/**
 * Jest globalSetup for integration tests of adapters: one DynamoDB Local per test run, on a random
 * port, named to the workers by STRATUS_TEST_DYNAMODB_ENDPOINT; each test file creates its own
 * tables with `createTestTable`. Pair with `@stratus/local-cloud/testing/dynamodb-global-teardown`.
 */
export default async function dynamoDbGlobalSetup(): Promise<void> {
  const dynamo = await startDynamoDb({ port: 0 });
  (globalThis as Record<string, unknown>)[HANDLE] = dynamo;
  // Workers are forked after this point and inherit the environment.
  process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE] = dynamo.endpoint;
}

/** The DynamoDB Local the global setup started, for the teardown to stop; forgets it. */
export function takeTestDynamoDb(): RunningDynamoDb | undefined {
  const running = (globalThis as Record<string, unknown>)[HANDLE] as RunningDynamoDb | undefined;
  delete (globalThis as Record<string, unknown>)[HANDLE];
  return running;
}
