import { startDynamoDb, type RunningDynamoDb } from '@stratus/local-cloud/src/emulators/dynamodb';

declare global {
  var __stratusDynamoDb: RunningDynamoDb | undefined;
}

/** One DynamoDB Local per test run, on a random port; each test file creates its own tables. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDb({ port: 0 });
  globalThis.__stratusDynamoDb = dynamo;
  // Workers are forked after this point and inherit the environment.
  process.env.STRATUS_TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
}
