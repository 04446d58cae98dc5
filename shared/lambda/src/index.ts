export { ConfigurationError, requireEnv } from './configuration-error';

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
