import { EventValidationError, parseEventFrom } from '@stratus/events';
import { contractList, type ConsumedEvent, type ContractOrContracts } from '../events/contracts';
import { PermanentMessageError } from './permanent-message-error';
import {
  sqsRecordsHandler,
  type SqsHandlerOptions,
  type SqsLambdaHandler,
  type SqsMessageContext,
} from './sqs-records-handler';

/**
 * Consumes catalog events from an SQS queue that an EventBridge rule targets (the body is the
 * whole EventBridge event). Each body is parsed with `parseEventFrom`: one that does not match the
 * listed contracts is a permanent failure (logged, reported failed, moved to the queue's DLQ by
 * its redrive policy). Correlation id and idempotency key come from `metadata`.
 *
 * ```ts
 * export const handler = sqsEventHandler([InventoryReserved, InventoryReservationFailed], async (event) => {
 *   if (event.detailType === 'InventoryReserved') await markReserved(event.data, event.metadata);
 *   else await cancel(event.data.orderId, event.data.reason);
 * }, { idempotency: eventIdempotency() });
 * ```
 */
export const sqsEventHandler = <const T extends ContractOrContracts>(
  contracts: T,
  handler: (event: ConsumedEvent<T>, message: SqsMessageContext) => Promise<unknown>,
  options: SqsHandlerOptions = {},
): SqsLambdaHandler => {
  const accepted = contractList(contracts);
  const codec = {
    decode: (record: { body: string }): ConsumedEvent<T> => {
      try {
        return parseEventFrom(accepted, record.body) as ConsumedEvent<T>;
      } catch (error) {
        if (error instanceof EventValidationError)
          throw new PermanentMessageError(error.message, { cause: error });
        throw error;
      }
    },
    correlationIdOf: (event: ConsumedEvent<T>) => event.metadata.correlationId,
    // The key is metadata.eventId; the contract object (zod schemas) stays out of the payload.
    idempotencyPayloadOf: ({ metadata, data, source, detailType }: ConsumedEvent<T>) => ({
      metadata,
      data,
      source,
      detailType,
    }),
  };
  return sqsRecordsHandler(codec, handler, options);
};
