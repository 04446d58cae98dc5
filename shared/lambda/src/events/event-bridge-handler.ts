import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import { EventValidationError, parseEventFrom } from '@stratus/events';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { requireEnv } from '../configuration-error';
import { correlation } from '../correlation/correlation-middleware';
import type { MessageIdempotency } from '../idempotency/event-idempotency';
import { logger } from '../observability/logger';
import { metrics, MetricUnit } from '../observability/metrics';
import { observability, type ObservabilityOptions } from '../observability/observability-middleware';
import { contractList, type ConsumedEvent, type ContractOrContracts } from './contracts';
import {
  DEAD_LETTER_QUEUE_ENV,
  defaultSqsClient,
  sendToDeadLetterQueue,
  type SqsSender,
} from './dead-letter-queue';

export interface EventBridgeHandlerOptions {
  /** Skip duplicated deliveries by `metadata.eventId`; see `eventIdempotency()`. */
  idempotency?: MessageIdempotency;
  /** SQS client for the dead-letter queue. Default: an X-Ray-captured SQSClient. */
  sqsClient?: SqsSender;
  observability?: ObservabilityOptions;
}

export interface EventHandlerContext {
  /** The EventBridge event as received. */
  raw: EventBridgeEvent<string, unknown>;
  context: Context;
}

export type EventBridgeLambdaHandler = MiddyfiedHandler<EventBridgeEvent<string, unknown>, void>;

/** Lambda's own metric of events the kit parked instead of processing. */
export const DEAD_LETTERED_METRIC = 'EventsDeadLettered';

/**
 * Consumes catalog events delivered by an EventBridge rule (asynchronous invocation).
 *
 * - The event is validated with `parseEventFrom` against the listed contracts. One that does not
 *   match (unknown detail-type, bad metadata, wrong version, invalid data) is a poison event:
 *   retrying cannot fix it, so it is sent with the reason to the queue in DEAD_LETTER_QUEUE_URL
 *   (message attributes `reason`, `source`, `detailType`, `eventId`) and the invocation succeeds,
 *   never reaching business code.
 * - Every other error propagates, so Lambda retries the invocation (twice, with backoff) and
 *   then hands the event to the function's on-failure destination.
 * - DEAD_LETTER_QUEUE_URL is checked on every invocation, so a function deployed without it
 *   fails loudly at once rather than when the first poison event arrives.
 *
 * ```ts
 * export const handler = eventBridgeHandler(OrderPlaced, async ({ data, metadata }) => reserve(data, metadata));
 * ```
 */
export const eventBridgeHandler = <const T extends ContractOrContracts>(
  contracts: T,
  handler: (event: ConsumedEvent<T>, context: EventHandlerContext) => Promise<unknown>,
  options: EventBridgeHandlerOptions = {},
): EventBridgeLambdaHandler => {
  const accepted = contractList(contracts);

  const run = async (event: EventBridgeEvent<string, unknown>, context: Context): Promise<void> => {
    const deadLetterQueueUrl = requireEnv(
      DEAD_LETTER_QUEUE_ENV,
      'eventBridgeHandler sends events that fail validation to this SQS queue',
    );
    let parsed: ConsumedEvent<T>;
    try {
      parsed = parseEventFrom(accepted, event) as ConsumedEvent<T>;
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      const source = typeof event?.source === 'string' ? event.source : undefined;
      const detailType = typeof event?.['detail-type'] === 'string' ? event['detail-type'] : undefined;
      const eventId = typeof event?.id === 'string' ? event.id : undefined;
      await sendToDeadLetterQueue(options.sqsClient ?? (await defaultSqsClient()), deadLetterQueueUrl, {
        event,
        reason: error.message,
        source,
        detailType,
        eventId,
      });
      logger.error('Event failed validation and was sent to the dead-letter queue', {
        reason: error.message,
        issues: error.issues,
        source,
        detailType,
        eventId,
      });
      metrics.addMetric(DEAD_LETTERED_METRIC, MetricUnit.Count, 1);
      return;
    }
    const execute = () => handler(parsed, { raw: event, context });
    if (options.idempotency) {
      const { metadata, data, source, detailType } = parsed;
      await options.idempotency.run({ metadata, data, source, detailType }, context, execute);
    } else {
      await execute();
    }
  };

  return middy<EventBridgeEvent<string, unknown>, void>(run)
    .use(observability(options.observability))
    .use(correlation()) as EventBridgeLambdaHandler;
};
