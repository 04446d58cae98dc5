import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isValidCorrelationId, newCorrelationId, setCorrelationId } from '../correlation/correlation-id';
import type { MessageIdempotency } from '../idempotency/event-idempotency';
import { logger } from '../observability/logger';
import { metrics, MetricUnit } from '../observability/metrics';
import { observability, type ObservabilityOptions } from '../observability/observability-middleware';
import { PermanentMessageError } from './permanent-message-error';

export interface SqsHandlerOptions {
  /**
   * Process the records of a batch concurrently (default true: a batch of ten DynamoDB writes takes
   * the time of one). Set false for queues whose records must be handled in order.
   */
  processInParallel?: boolean;
  /**
   * Throw when every record of the batch failed (default true, as Powertools does), so the
   * invocation counts as an error and Lambda backs off polling a queue whose consumer is down.
   * SQS redelivers the whole batch either way.
   */
  throwOnFullBatchFailure?: boolean;
  /** Skip duplicated deliveries; see `eventIdempotency()`. */
  idempotency?: MessageIdempotency;
  observability?: ObservabilityOptions;
}

/** What a record handler gets beside the parsed payload. */
export interface SqsMessageContext {
  messageId: string;
  correlationId: string;
  /** 1 on first delivery; SQS moves the message to the DLQ once it exceeds maxReceiveCount. */
  receiveCount: number;
  /** The logger with this message's `correlation_id` and `message_id` on every line. */
  logger: Logger;
  record: SQSRecord;
  context: Context;
}

export type SqsLambdaHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse>;

export const POISON_MESSAGE_METRIC = 'PoisonMessages';

interface RecordCodec<TPayload> {
  /** Parses the body; throws PermanentMessageError for a body that can never be processed. */
  decode(record: SQSRecord): TPayload;
  correlationIdOf(payload: TPayload): string | undefined;
  /** What the idempotency key is read from (default: the payload itself). */
  idempotencyPayloadOf?(payload: TPayload): unknown;
}

const correlationAttribute = (record: SQSRecord): string | undefined => {
  const attributes = record.messageAttributes ?? {};
  const value = (attributes.correlationId ?? attributes['x-correlation-id'])?.stringValue;
  return isValidCorrelationId(value) ? value : undefined;
};

/**
 * The SQS consumer both public wrappers share: Powertools BatchProcessor with
 * ReportBatchItemFailures, so one bad record does not send its whole batch back to the queue.
 *
 * Permanent failures (a body that is not JSON or does not validate) are reported as failed, like
 * transient ones, and logged at error level with the reason. We do not delete them or forward
 * them ourselves: the queue's redrive policy moves them to its DLQ after maxReceiveCount
 * deliveries, where the DLQ-depth alarm fires and the message keeps its original attributes for
 * inspection and redrive. The cost is a few wasted deliveries per poison message, which is cheap,
 * and it keeps one path (the queue's own DLQ) for every message that could not be processed.
 */
export const sqsRecordsHandler = <TPayload>(
  codec: RecordCodec<TPayload>,
  handler: (payload: TPayload, message: SqsMessageContext) => Promise<unknown>,
  options: SqsHandlerOptions,
): SqsLambdaHandler => {
  const processor = new BatchProcessor(EventType.SQS);
  const processInParallel = options.processInParallel ?? true;

  const processRecord = async (record: SQSRecord, context: Context): Promise<unknown> => {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    let payload: TPayload;
    try {
      payload = codec.decode(record);
    } catch (error) {
      if (!(error instanceof PermanentMessageError)) throw error;
      logger.error('Message can never be processed; it goes to the dead-letter queue after maxReceiveCount', {
        message_id: record.messageId,
        correlation_id: correlationAttribute(record),
        receiveCount,
        reason: error.message,
      });
      metrics.addMetric(POISON_MESSAGE_METRIC, MetricUnit.Count, 1);
      throw error;
    }

    const correlationId =
      codec.correlationIdOf(payload) ?? correlationAttribute(record) ?? newCorrelationId();
    // With records in parallel the shared logger cannot carry one record's id, so each record gets
    // a child logger; in sequence the shared logger follows the current record too.
    if (!processInParallel) setCorrelationId(correlationId);
    const messageLogger = logger.createChild({
      persistentKeys: { correlation_id: correlationId, message_id: record.messageId },
    });
    const message: SqsMessageContext = {
      messageId: record.messageId,
      correlationId,
      receiveCount,
      logger: messageLogger,
      record,
      context,
    };
    try {
      const execute = () => handler(payload, message);
      return options.idempotency
        ? await options.idempotency.run(codec.idempotencyPayloadOf?.(payload) ?? payload, context, execute)
        : await execute();
    } catch (error) {
      messageLogger.warn('Message processing failed; SQS will deliver it again', {
        receiveCount,
        error: error instanceof Error ? error : String(error),
      });
      throw error;
    }
  };

  const run = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, processRecord, processor, {
      context,
      processInParallel,
      throwOnFullBatchFailure: options.throwOnFullBatchFailure ?? true,
    });

  return middy<SQSEvent, SQSBatchResponse>(run).use(observability(options.observability)) as SqsLambdaHandler;
};
