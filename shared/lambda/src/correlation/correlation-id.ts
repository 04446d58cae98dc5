import { randomUUID } from 'node:crypto';
import { logger } from '../observability/logger';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Accepted shape of an incoming correlation id. Anything else (too long, control characters) is
 * replaced by a fresh id rather than copied into logs and response headers.
 */
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const isValidCorrelationId = (value: unknown): value is string =>
  typeof value === 'string' && CORRELATION_ID_PATTERN.test(value);

export const newCorrelationId = (): string => randomUUID();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const headerValue = (headers: unknown, name: string): unknown => {
  if (!isRecord(headers)) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
};

/**
 * Finds the correlation id an event already carries: the `x-correlation-id` header of an HTTP
 * request (any case), `detail.metadata.correlationId` of an EventBridge event, or
 * `metadata.correlationId` of an already parsed event detail.
 */
export const findCorrelationId = (event: unknown): string | undefined => {
  if (!isRecord(event)) return undefined;
  const candidates = [
    headerValue(event.headers, CORRELATION_HEADER),
    isRecord(event.detail) && isRecord(event.detail.metadata)
      ? event.detail.metadata.correlationId
      : undefined,
    isRecord(event.metadata) ? event.metadata.correlationId : undefined,
  ];
  return candidates.find(isValidCorrelationId);
};

/** The correlation id of the event, or a new one when the event starts a new flow. */
export const resolveCorrelationId = (event: unknown): string =>
  findCorrelationId(event) ?? newCorrelationId();

/**
 * The correlation id of the current invocation, as the kit's wrappers set it. It lives in the
 * Logger's per-invocation keys, so every log line carries it as `correlation_id`. Handlers get it
 * explicitly too (`request.correlationId`, `metadata.correlationId`); use those to stamp events.
 */
export const getCorrelationId = (): string | undefined => {
  const value = logger.getCorrelationId();
  return typeof value === 'string' ? value : undefined;
};

/** Sets the correlation id for the rest of the invocation (log key `correlation_id`). */
export const setCorrelationId = (correlationId: string): void => {
  logger.setCorrelationId(correlationId);
};
