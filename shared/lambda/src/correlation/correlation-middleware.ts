import type { MiddlewareObj, Request } from '@middy/core';
import { tracer } from '../observability/tracer';
import { resolveCorrelationId, setCorrelationId } from './correlation-id';

export const CORRELATION_RESPONSE_HEADER = 'X-Correlation-Id';

const INTERNAL_KEY = 'stratus.correlationId';

/** The correlation id the middleware resolved for this request. */
export const correlationIdOf = (request: Pick<Request, 'internal'>): string | undefined => {
  const value = (request.internal as Record<string, unknown>)[INTERNAL_KEY];
  return typeof value === 'string' ? value : undefined;
};

export interface CorrelationOptions {
  /** Copy the id into the `X-Correlation-Id` header of HTTP responses (errors included). */
  echoInResponse?: boolean;
}

/**
 * Resolves the correlation id of the invocation (incoming header or event metadata, else a new
 * uuid), appends it to every log line as `correlation_id` and annotates the trace with it, so
 * one query finds every hop of a saga.
 */
export const correlation = (options: CorrelationOptions = {}): MiddlewareObj => {
  const echo = (request: Request): void => {
    const id = correlationIdOf(request);
    const response = request.response as { headers?: Record<string, unknown> } | null | undefined;
    if (!options.echoInResponse || id === undefined || typeof response !== 'object' || response === null)
      return;
    response.headers = { ...response.headers, [CORRELATION_RESPONSE_HEADER]: id };
  };
  return {
    before: (request) => {
      const id = resolveCorrelationId(request.event);
      (request.internal as Record<string, unknown>)[INTERNAL_KEY] = id;
      setCorrelationId(id);
      tracer.putAnnotation('correlation_id', id);
    },
    after: echo,
    onError: echo,
  };
};
