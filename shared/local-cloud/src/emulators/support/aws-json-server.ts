import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readBody } from './read-body';

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

export interface AwsJsonServerOptions {
  /** Operations by full X-Amz-Target, e.g. `AmazonSSM.GetParameter`. */
  operations: Record<string, AwsJsonOperation>;
  /** `1.0` or `1.1`: the content type answered. */
  jsonVersion: '1.0' | '1.1';
  /** Receives unexpected (non-AwsServiceError) failures; they are answered as 500 InternalFailure. */
  onInternalError?: (error: unknown, target: string) => void;
}

/**
 * An HTTP server for the AWS JSON 1.0/1.1 protocols: POST /, operation in X-Amz-Target, JSON body.
 * Signatures are not checked (local use only).
 */
export function createAwsJsonServer(options: AwsJsonServerOptions): Server {
  return createServer((request, response) => {
    void handle(request, response, options);
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: AwsJsonServerOptions,
): Promise<void> {
  const requestId = randomUUID();
  const target = String(request.headers['x-amz-target'] ?? '');
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  const send = (status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body ?? {});
    response.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': requestId,
      ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
    });
    response.end(text);
  };
  try {
    const raw = await readBody(request);
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
        `Operation ${target || '(no X-Amz-Target)'} is not supported by this local emulator`,
      );
    }
    let input: unknown = {};
    if (raw.length > 0) {
      try {
        input = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AwsServiceError('SerializationException', 'Request body is not valid JSON');
      }
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsServiceError('SerializationException', 'Request body must be a JSON object');
    }
    const output = await operation(input as Record<string, unknown>, request);
    send(200, output);
  } catch (error) {
    if (error instanceof AwsServiceError) {
      // Both spellings: exception shapes name the member `message` or `Message` depending on the service.
      send(
        error.statusCode,
        { __type: error.code, message: error.message, Message: error.message, ...error.extra },
        error.code,
      );
      return;
    }
    options.onInternalError?.(error, target);
    send(
      500,
      { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) },
      'InternalFailure',
    );
  }
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
