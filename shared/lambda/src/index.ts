export { ConfigurationError, requireEnv, secondsFromEnv } from './configuration-error';

export { logger } from './observability/logger';
export { tracer, captureAwsClient } from './observability/tracer';
export { metrics, MetricUnit, METRICS_NAMESPACE } from './observability/metrics';
export { observability, withObservability } from './observability/observability-middleware';
export type { ObservabilityOptions } from './observability/observability-middleware';

export {
  CORRELATION_HEADER,
  findCorrelationId,
  getCorrelationId,
  newCorrelationId,
  resolveCorrelationId,
  setCorrelationId,
} from './correlation/correlation-id';
export { correlation, CORRELATION_RESPONSE_HEADER } from './correlation/correlation-middleware';
export type { CorrelationOptions } from './correlation/correlation-middleware';

export * from './errors';

export { httpHandler } from './http/http-handler';
export type {
  HttpHandlerFunction,
  HttpHandlerOptions,
  HttpIdempotency,
  HttpIdempotentCall,
  HttpLambdaHandler,
  HttpRequest,
  HttpRequestOf,
} from './http/http-handler';
export { BadRequestError, HttpError } from './http/http-error';
export type { FieldError } from './http/http-error';
export { HttpResult, json, noContent } from './http/http-result';
export type { HttpHeaders } from './http/http-result';
export { errorToHttpResponse } from './http/error-response';
export type { ErrorBody } from './http/error-response';
export { getAuthContext, requireRole } from './http/auth-context';
export type { AuthContext } from './http/auth-context';
export type { CorsOptions } from './http/cors';
export type { HttpEvent } from './http/http-event';
export { DEFAULT_MAX_BODY_BYTES } from './http/request-parser';
export type { HttpSchemas } from './http/request-parser';

export { httpIdempotency, IDEMPOTENT_REPLAY_HEADER } from './idempotency/http-idempotency';
export type { HttpIdempotencyOptions } from './idempotency/http-idempotency';
export { dynamoDbIdempotencyStore, IDEMPOTENCY_TABLE_ENV } from './idempotency/persistence-store';
export { eventIdempotency } from './idempotency/event-idempotency';
export type { EventIdempotencyOptions, MessageIdempotency } from './idempotency/event-idempotency';

export { eventBridgeHandler, DEAD_LETTERED_METRIC } from './events/event-bridge-handler';
export type {
  EventBridgeHandlerOptions,
  EventBridgeLambdaHandler,
  EventHandlerContext,
} from './events/event-bridge-handler';
export { DEAD_LETTER_QUEUE_ENV } from './events/dead-letter-queue';
export type { SqsSender } from './events/dead-letter-queue';
export type { ConsumedEvent, ContractOrContracts, ContractsOf } from './events/contracts';

export { sqsBatchHandler } from './sqs/sqs-batch-handler';
export type { SqsBatchHandlerOptions, SqsRecordHandler } from './sqs/sqs-batch-handler';
export { sqsEventHandler } from './sqs/sqs-event-handler';
export { POISON_MESSAGE_METRIC } from './sqs/sqs-records-handler';
export type { SqsHandlerOptions, SqsLambdaHandler, SqsMessageContext } from './sqs/sqs-records-handler';
export { PermanentMessageError } from './sqs/permanent-message-error';

export {
  createParameterStore,
  DEFAULT_PARAMETER_MAX_AGE_SECONDS,
  getParameter,
  getSecret,
  getSecretJson,
} from './parameters/parameters';
export type { ParameterReadOptions, ParameterStore, ParameterStoreClients } from './parameters/parameters';

export * from './auth';
export { tracedDocumentClient } from './dynamodb/document-client';
export { ShardedDueIndex } from './dynamodb/sharded-due-index';
export type { DueItemRef, FindDueOptions, ShardedDueIndexOptions } from './dynamodb/sharded-due-index';
export {
  backoffDelay,
  cancellationCodes,
  isConditionalCheckFailed,
  sleep,
} from './dynamodb/transaction-errors';
