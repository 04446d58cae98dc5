import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { ResponseHook } from '@aws-lambda-powertools/idempotency/types';
import type { Context } from 'aws-lambda';
import { logger } from '../observability/logger';
import { dynamoDbIdempotencyStore, type BasePersistenceLayer } from './persistence-store';

/**
 * Runs a consumer at most once per message key and returns the stored result for duplicates.
 * Built by `eventIdempotency()`; used by `eventBridgeHandler`, `sqsEventHandler` and
 * `sqsBatchHandler` through their `idempotency` option.
 */
export interface MessageIdempotency {
  run<TResult>(payload: unknown, context: Context, execute: () => Promise<TResult>): Promise<TResult>;
}

export interface EventIdempotencyOptions {
  /**
   * JMESPath of the key inside the payload. Default `metadata.eventId`: the id every catalog event
   * carries, the same on every delivery of one event. For `sqsBatchHandler` payloads (the parsed
   * body), point it at the body's own unique id, e.g. `paymentId`.
   */
  keyPath?: string;
  /** How long a processed key is remembered. Default 24 h (EventBridge retries for up to 24 h). */
  expiresAfterSeconds?: number;
  /** Where records live. Default: DynamoDB table from IDEMPOTENCY_TABLE_NAME, created on first use. */
  persistenceStore?: () => BasePersistenceLayer;
  /** Prefix of stored keys. Default: the Lambda function name. */
  keyPrefix?: string;
}

const ONE_DAY_SECONDS = 24 * 60 * 60;

const logDuplicate: ResponseHook = (response, record) => {
  logger.info('Duplicate delivery skipped; returning the stored result', {
    idempotency_key: record.idempotencyKey,
  });
  return response;
};

/**
 * Idempotent consumers on Powertools Idempotency: a duplicated delivery (EventBridge and SQS are
 * at-least-once) changes nothing. A consumer that throws stores nothing, so the retry runs it
 * again; a duplicate arriving while the first delivery still runs fails with
 * IdempotencyAlreadyInProgressError and is retried later by its trigger. Results are stored, so
 * they must be JSON-serialisable (or undefined).
 */
export const eventIdempotency = (options: EventIdempotencyOptions = {}): MessageIdempotency => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: options.keyPath ?? 'metadata.eventId',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? ONE_DAY_SECONDS,
    responseHook: logDuplicate,
  });

  const consumeOnce = async (_payload: unknown, execute: () => Promise<unknown>): Promise<unknown> =>
    execute();
  let idempotent: typeof consumeOnce | undefined;

  return {
    run: async <TResult>(
      payload: unknown,
      context: Context,
      execute: () => Promise<TResult>,
    ): Promise<TResult> => {
      idempotent ??= makeIdempotent(consumeOnce, {
        persistenceStore: (options.persistenceStore ?? dynamoDbIdempotencyStore)(),
        config,
        ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
      });
      config.registerLambdaContext(context);
      return (await idempotent(payload, execute)) as TResult;
    },
  };
};
