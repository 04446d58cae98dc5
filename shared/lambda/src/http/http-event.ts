import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The kit is built for API Gateway REST APIs (payload v1: usage plans and API keys need REST),
 * and reads HTTP API (payload v2) events too, so a service can move without touching handlers.
 */
export type HttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

export const isV2Event = (event: HttpEvent): event is APIGatewayProxyEventV2 =>
  (event as APIGatewayProxyEventV2).version === '2.0';

export const httpMethodOf = (event: HttpEvent): string =>
  (isV2Event(event) ? event.requestContext.http.method : event.httpMethod).toUpperCase();

/** The route template (`/orders/{orderId}`) when known, else the concrete path. */
export const routeOf = (event: HttpEvent): string => {
  if (isV2Event(event)) return event.routeKey?.replace(/^\S+\s+/, '') || event.rawPath;
  return event.resource || event.path;
};

/** Header names lower-cased, so lookups are case-insensitive as HTTP requires. */
export const normalizeHeaders = (event: HttpEvent): Readonly<Record<string, string>> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
};

export const queryOf = (event: HttpEvent): Record<string, string> => {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  return query;
};

export const pathParamsOf = (event: HttpEvent): Record<string, string> => {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    if (value !== undefined) params[name] = value;
  }
  return params;
};
