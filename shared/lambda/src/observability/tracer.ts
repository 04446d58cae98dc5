import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The one Tracer of the function. Outside Lambda (tests, `serverless offline`) or with
 * POWERTOOLS_TRACE_ENABLED=false it is disabled and every call is a no-op, so no X-Ray daemon is
 * needed locally.
 */
export const tracer = new Tracer();

/**
 * Instruments an AWS SDK v3 client so each call becomes an X-Ray subsegment. Returns the same
 * client for inline use: `const sqs = captureAwsClient(new SQSClient({}))`.
 */
export const captureAwsClient = <T>(client: T): T => tracer.captureAWSv3Client(client);
