import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readBody, RequestBodyTooLargeError } from './read-body';

/**
 * An error answered the way AWS JSON protocol services answer: HTTP status, `__type` naming the
 * exception (the SDK turns it into the matching exception class) and `message`.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** Receives the parsed body and the raw request (for headers such as Host). */
export type AwsJsonOperation = (input: Record<string, unknown>, request: IncomingMessage) => unknown;

/** How a service speaks the AWS JSON protocol: what differs between services besides operations. */
export interface AwsJsonProtocol {
  /** `1.0` or `1.1`: the content type answered. */
  jsonVersion: '1.0' | '1.1';
  /** Larger bodies are answered with 413 ValidationException; default: no limit. */
  maxBodyBytes?: number;
  /**
   * The member of an error answer holding its message, as the service's exception shapes name it;
   * default both `message` and `Message`.
   */
  errorMessageMember?: 'message' | 'Message' | 'both';
  /** `__type` of the answer to an unexpected failure; default `InternalFailure`. */
  internalErrorType?: string;
  /** Receives unexpected (non-AwsServiceError) failures; they are answered with status 500. */
  onInternalError?: (error: unknown, target: string) => void;
}

export interface AwsJsonServerOptions extends AwsJsonProtocol {
  /** Operations by full X-Amz-Target, e.g. `AmazonSSM.GetParameter`. */
  operations: Record<string, AwsJsonOperation>;
  /** Who refuses an unknown operation, in its message; default `this local emulator`. */
  name?: string;
}

/**
 * An HTTP server for the AWS JSON 1.0/1.1 protocols: POST /, operation in X-Amz-Target, JSON body.
 * Signatures are not checked (local use only).
 */
export function createAwsJsonServer(options: AwsJsonServerOptions): Server {
  return createServer((request, response) => {
    void serveAwsJsonRequest(request, response, options);
  });
}

/** Answers one request as {@link createAwsJsonServer} does, for servers that also route other paths. */
export async function serveAwsJsonRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: AwsJsonServerOptions,
): Promise<void> {
  const target = String(request.headers['x-amz-target'] ?? '');
  try {
    if (request.method !== 'POST') {
      throw new AwsServiceError(
        'UnknownOperationException',
        `${request.method ?? '?'} is not supported; use POST`,
      );
    }
    const operation = options.operations[target];
    if (operation === undefined) {
      throw new AwsServiceError(
        'UnknownOperationException',
        `Operation ${target || '(no X-Amz-Target)'} is not supported by ${options.name ?? 'this local emulator'}`,
      );
    }
    const body = await readJsonObjectBody(request, options);
    sendAwsJson(response, 200, await operation(body, request), options);
  } catch (error) {
    sendAwsJsonError(response, error, options, target);
  }
}

/** The JSON object a request carries (an empty body is `{}`); SerializationException otherwise. */
export async function readJsonObjectBody(
  request: IncomingMessage,
  protocol: Pick<AwsJsonProtocol, 'maxBodyBytes'> = {},
): Promise<Record<string, unknown>> {
  let raw: Buffer;
  try {
    raw = await readBody(request, protocol.maxBodyBytes);
  } catch (error) {
    if (error instanceof RequestBodyTooLargeError)
      throw new AwsServiceError('ValidationException', 'Request body is too large.', 413);
    throw error;
  }
  const text = raw.toString('utf8');
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsServiceError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** JSON text as the protocol has it: timestamps (`Date`) as epoch seconds. */
export function toAwsJsonText(value: unknown): string {
  return JSON.stringify(
    value ?? {},
    function replace(this: Record<string, unknown>, key: string, item: unknown) {
      const original = key === '' ? item : this[key];
      return original instanceof Date ? original.getTime() / 1000 : item;
    },
  );
}

/** Sends `body` with a request id; `contentType` defaults to the protocol's own. */
export function sendAwsJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  protocol: Pick<AwsJsonProtocol, 'jsonVersion'>,
  headers: { contentType?: string; errorType?: string } = {},
): void {
  const text = toAwsJsonText(body);
  response.writeHead(status, {
    'content-type': headers.contentType ?? `application/x-amz-json-${protocol.jsonVersion}`,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(headers.errorType === undefined ? {} : { 'x-amzn-errortype': headers.errorType }),
  });
  response.end(text);
}

/** Answers a failure: an AwsServiceError as itself, anything else as the protocol's internal error (500). */
export function sendAwsJsonError(
  response: ServerResponse,
  error: unknown,
  protocol: AwsJsonProtocol,
  target = '',
): void {
  if (error instanceof AwsServiceError) {
    const member = protocol.errorMessageMember ?? 'both';
    sendAwsJson(
      response,
      error.statusCode,
      {
        __type: error.code,
        ...(member === 'Message' ? {} : { message: error.message }),
        ...(member === 'message' ? {} : { Message: error.message }),
        ...error.extra,
      },
      protocol,
      { errorType: error.code },
    );
    return;
  }
  protocol.onInternalError?.(error, target);
  const type = protocol.internalErrorType ?? 'InternalFailure';
  sendAwsJson(
    response,
    500,
    { __type: type, message: error instanceof Error ? error.message : String(error) },
    protocol,
    { errorType: type },
  );
}

/** Input helpers that answer a wrong shape with ValidationException naming the field, as AWS does. */
export const input = {
  string(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '') {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  },
  optionalString(value: unknown, field: string): string | undefined {
    return value === undefined || value === null ? undefined : input.string(value, field);
  },
  optionalBoolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      throw new AwsServiceError('SerializationException', `${field} must be a boolean`);
    }
    return value;
  },
  optionalNumber(value: unknown, field: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new AwsServiceError('SerializationException', `${field} must be a number`);
    }
    return value;
  },
  stringList(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be a list of strings`,
      );
    }
    return value as string[];
  },
};
