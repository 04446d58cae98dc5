import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { captureAwsClient } from '../observability/tracer';

/**
 * The DynamoDB document client of a function's adapters: traced by X-Ray, the endpoint from
 * AWS_ENDPOINT_URL_DYNAMODB when set (the local cloud), and attributes holding `undefined` left
 * out of a write instead of making the marshaller throw.
 */
export function tracedDocumentClient(
  client: DynamoDBClient = new DynamoDBClient({}),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(captureAwsClient(client), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
