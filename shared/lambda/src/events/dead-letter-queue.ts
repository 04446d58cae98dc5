import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { captureAwsClient } from '../observability/tracer';

export const DEAD_LETTER_QUEUE_ENV = 'DEAD_LETTER_QUEUE_URL';

/** The one SQS call the kit makes; tests pass a double that records it. */
export interface SqsSender {
  send(command: SendMessageCommand): Promise<unknown>;
}

let defaultClient: Promise<SqsSender> | undefined;

/**
 * An X-Ray-captured SQS client, created on first use; the endpoint follows AWS_ENDPOINT_URL_SQS.
 * The SDK module is loaded only then: most invocations never dead-letter anything, and loading
 * the SQS client costs every cold start tens of milliseconds.
 */
export const defaultSqsClient = (): Promise<SqsSender> =>
  (defaultClient ??= import('@aws-sdk/client-sqs').then(({ SQSClient }) =>
    captureAwsClient(new SQSClient({})),
  ));

// SQS message attribute values are strings of at most 256 KB with the body; keep reasons short.
const MAX_REASON_LENGTH = 1024;

const attribute = (value: string | undefined) => ({
  DataType: 'String',
  StringValue: value === undefined || value === '' ? '(missing)' : value,
});

export interface DeadLetter {
  /** The event exactly as received, so it can be inspected and redriven as-is. */
  event: unknown;
  reason: string;
  source: string | undefined;
  detailType: string | undefined;
  eventId: string | undefined;
}

/** Parks an event that can never be processed, with why, on the function's dead-letter queue. */
export const sendToDeadLetterQueue = async (
  client: SqsSender,
  queueUrl: string,
  letter: DeadLetter,
): Promise<void> => {
  const reason =
    letter.reason.length > MAX_REASON_LENGTH
      ? `${letter.reason.slice(0, MAX_REASON_LENGTH - 1)}…`
      : letter.reason;
  const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
  await client.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(letter.event),
      MessageAttributes: {
        reason: attribute(reason),
        source: attribute(letter.source),
        detailType: attribute(letter.detailType),
        eventId: attribute(letter.eventId),
        consumer: attribute(process.env.POWERTOOLS_SERVICE_NAME),
        functionName: attribute(process.env.AWS_LAMBDA_FUNCTION_NAME),
      },
    }),
  );
};
