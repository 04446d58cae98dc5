import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { requireEnv } from '../configuration-error';
import { captureAwsClient } from '../observability/tracer';

export const IDEMPOTENCY_TABLE_ENV = 'IDEMPOTENCY_TABLE_NAME';

let client: DynamoDBClient | undefined;

/**
 * A DynamoDB persistence layer on the table named by IDEMPOTENCY_TABLE_NAME (partition key `id`
 * of type S, TTL on `expiration`; the Powertools defaults). Each idempotent function needs its
 * own layer: Powertools locks a layer to the key expression of the first function that uses it.
 * The DynamoDB client (and its connections) is shared. The endpoint follows
 * AWS_ENDPOINT_URL_DYNAMODB, so DynamoDB Local works without code changes.
 */
export const dynamoDbIdempotencyStore = (): BasePersistenceLayer => {
  const tableName = requireEnv(
    IDEMPOTENCY_TABLE_ENV,
    'idempotent handlers store their records in this DynamoDB table (partition key "id", TTL attribute "expiration")',
  );
  client ??= captureAwsClient(new DynamoDBClient({}));
  return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
};

export type { BasePersistenceLayer };
