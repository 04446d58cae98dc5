import type { ZodType } from 'zod';
import { HttpError, validationFailed, type FieldError } from './http-error';
import { httpMethodOf, normalizeHeaders, pathParamsOf, queryOf, type HttpEvent } from './http-event';
import { requiredMessages, toFieldErrors } from './validation-fields';

/** API Gateway accepts up to 10 MB; our APIs take small JSON documents. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface HttpSchemas {
  /** Schema of the JSON body. Prefer `z.strictObject` so unknown fields are refused by name. */
  body?: ZodType;
  /** Schema of the path parameters (`{ orderId: string }`). */
  params?: ZodType;
  /** Schema of the query string; values arrive as strings, use `z.coerce` for numbers. */
  query?: ZodType;
}

export interface ParsedHttpRequest {
  body: unknown;
  params: unknown;
  query: unknown;
  headers: Readonly<Record<string, string>>;
}

const decodeBody = (event: HttpEvent): string | undefined => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

/**
 * Checks and parses the parts of an HTTP request the route declares, in the order a client
 * can best act on: oversized body (413), wrong media type (415), malformed JSON (400
 * INVALID_JSON), then every schema violation of body, path and query at once (400
 * VALIDATION_FAILED with `fields`).
 */
export const parseHttpRequest = (
  event: HttpEvent,
  schemas: HttpSchemas,
  maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES,
): ParsedHttpRequest => {
  const headers = normalizeHeaders(event);
  const rawBody = METHODS_WITH_BODY.has(httpMethodOf(event)) ? decodeBody(event) : undefined;

  let body: unknown = undefined;
  if (rawBody !== undefined) {
    const size = Buffer.byteLength(rawBody, 'utf8');
    if (size > maxBodyBytes) {
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBodyBytes} bytes`);
    }
    const contentType = headers['content-type'];
    if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType)) {
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Request body must be JSON (Content-Type: application/json)',
      );
    }
    if (schemas.body) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new HttpError(400, 'INVALID_JSON', 'Request body is not valid JSON');
      }
    }
  }

  const fields: FieldError[] = [];
  const validate = (location: string, schema: ZodType | undefined, value: unknown): unknown => {
    if (!schema) return value;
    const result = schema.safeParse(value, { error: requiredMessages });
    if (result.success) return result.data;
    fields.push(...toFieldErrors(location, result.error.issues));
    return undefined;
  };
  const parsed: ParsedHttpRequest = {
    body: validate('body', schemas.body, body),
    params: validate('params', schemas.params, pathParamsOf(event)),
    query: validate('query', schemas.query, queryOf(event)),
    headers,
  };
  if (fields.length > 0) throw validationFailed(fields);
  return parsed;
};
