import type { APIGatewayProxyResult } from 'aws-lambda';

export type HttpHeaders = Record<string, string>;

/**
 * A response a handler chose explicitly (status, headers). Handlers may also return a plain
 * value (sent as 200 JSON) or nothing (204).
 */
export class HttpResult {
  constructor(
    readonly statusCode: number,
    readonly body: string,
    readonly headers: HttpHeaders = {},
  ) {}

  toResponse(): APIGatewayProxyResult {
    return { statusCode: this.statusCode, headers: { ...this.headers }, body: this.body };
  }
}

const JSON_HEADERS: HttpHeaders = { 'Content-Type': 'application/json; charset=utf-8' };

/** `return json(202, { orderId, status: 'PENDING' })`. */
export const json = (statusCode: number, body?: unknown, headers: HttpHeaders = {}): HttpResult =>
  body === undefined
    ? new HttpResult(statusCode, '', headers)
    : new HttpResult(statusCode, JSON.stringify(body), { ...JSON_HEADERS, ...headers });

export const noContent = (headers: HttpHeaders = {}): HttpResult => new HttpResult(204, '', headers);

/** What a handler returned, as the response API Gateway expects. */
export const toHttpResponse = (result: unknown): APIGatewayProxyResult => {
  if (result instanceof HttpResult) return result.toResponse();
  if (result === undefined) return noContent().toResponse();
  return json(200, result).toResponse();
};
