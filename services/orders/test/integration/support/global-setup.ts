import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';

declare global {
  var __stratusDynamoDbLocal: DynamoDbLocal | undefined;
}

/** One DynamoDB Local per test run; each test file creates its own uniquely named table. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  globalThis.__stratusDynamoDbLocal = dynamo;
  // Workers are forked after this point and inherit the environment.
  process.env.STRATUS_TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  // A crashed run must not leave Java behind.
  process.once('exit', () => {
    try {
      process.kill(dynamo.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
}
