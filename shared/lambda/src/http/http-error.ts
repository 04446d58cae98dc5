/** One invalid input, located by where it came from (`body.items[0].sku`, `query.limit`). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * A refusal with an explicit HTTP status, for protocol-level problems the kit detects itself
 * (malformed JSON, unsupported media type, oversized body, failed validation) or that handler
 * code wants to state directly. Business rules should throw the domain errors instead.
 */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

/** 400 with a machine-readable code and optional field list. */
export class BadRequestError extends HttpError {
  override readonly name = 'BadRequestError';

  constructor(message: string, options: { code?: string; fields?: FieldError[] } = {}) {
    super(400, options.code ?? 'BAD_REQUEST', message, options.fields);
  }
}

export const validationFailed = (fields: FieldError[]): HttpError =>
  new HttpError(400, 'VALIDATION_FAILED', 'Request validation failed', fields);
