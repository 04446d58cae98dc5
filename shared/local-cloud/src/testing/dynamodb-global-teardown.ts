import { takeTestDynamoDb } from './dynamodb-global-setup';

/** Jest globalTeardown: stops the DynamoDB Local of `dynamodb-global-setup` (its Java process included). */
export default async function dynamoDbGlobalTeardown(): Promise<void> {
  await takeTestDynamoDb()?.stop();
}
