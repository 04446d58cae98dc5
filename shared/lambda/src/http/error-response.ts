import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, type DomainErrorKind } from '../errors/domain-errors';
import { logger } from '../observability/logger';
import { HttpError, type FieldError } from './http-error';
import { json } from './http-result';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  forbidden: 403,
  unauthorized: 401,
};

/** The one error body of every Stratus API. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; requestId?: string };
}

interface Refusal {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
}

// Powertools idempotency errors are recognised by name so that functions without idempotency do
// not load the idempotency package just to map its errors.
const isErrorNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;

/** Errors the caller caused or can act on; anything else is our fault and becomes a 500. */
const refusalOf = (error: unknown): Refusal | undefined => {
  if (error instanceof HttpError) {
    return { statusCode: error.statusCode, code: error.code, message: error.message, fields: error.fields };
  }
  if (error instanceof DomainError) {
    return { statusCode: STATUS_BY_KIND[error.kind], code: error.code, message: error.message };
  }
  if (isErrorNamed(error, 'IdempotencyValidationError')) {
    return {
      statusCode: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This Idempotency-Key was already used with a different request body',
    };
  }
  if (isErrorNamed(error, 'IdempotencyAlreadyInProgressError')) {
    return {
      statusCode: 409,
      code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
      message: 'A request with this Idempotency-Key is still being processed; retry later',
    };
  }
  return undefined;
};

/**
 * Maps any error to the public error body. Refusals keep their code and message; every other
 * error is logged with its stack and answered with a bare 500 that names only the request id,
 * so no internals (messages, stacks, SQL, ARNs) reach the client.
 */
export const errorToHttpResponse = (error: unknown, requestId: string | undefined): APIGatewayProxyResult => {
  const refusal = refusalOf(error);
  if (refusal) {
    logger.info('Request refused', {
      statusCode: refusal.statusCode,
      code: refusal.code,
      fields: refusal.fields,
    });
    const body: ErrorBody = { error: { code: refusal.code, message: refusal.message } };
    if (refusal.fields) body.error.fields = refusal.fields;
    if (requestId) body.error.requestId = requestId;
    return json(refusal.statusCode, body).toResponse();
  }
  logger.error('Unhandled error', error instanceof Error ? error : String(error));
  const body: ErrorBody = { error: { code: 'INTERNAL', message: 'Internal error' } };
  if (requestId) body.error.requestId = requestId;
  return json(500, body).toResponse();
};
