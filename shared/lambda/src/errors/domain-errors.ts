/**
 * Errors that business code throws to refuse a request or an event for a reason the caller can
 * act on. They carry no HTTP status: the HTTP wrapper maps each `kind` to one (not_found -> 404,
 * conflict -> 409, unprocessable -> 422, forbidden -> 403, unauthorized -> 401), so domain code
 * stays free of transport concerns. This file imports nothing, so `services/<x>/src/domain`
 * may import it through `@stratus/lambda/errors` without pulling in middy or Powertools.
 *
 * The `message` of a domain error is shown to the client: write it for them, and put nothing
 * secret in it.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'unprocessable' | 'forbidden' | 'unauthorized';

export interface DomainErrorOptions {
  /** Machine-readable reason, UPPER_SNAKE_CASE, stable across releases (clients switch on it). */
  code?: string;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;

  constructor(kind: DomainErrorKind, code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
  }
}

/** The thing asked for does not exist, or the caller may not know that it exists. */
export class NotFoundError extends DomainError {
  constructor(message = 'Not found', options: DomainErrorOptions = {}) {
    super('not_found', options.code ?? 'NOT_FOUND', message, options);
  }
}

/** The request is valid but clashes with the current state (e.g. cancelling a confirmed order). */
export class ConflictError extends DomainError {
  constructor(message = 'Conflict', options: DomainErrorOptions = {}) {
    super('conflict', options.code ?? 'CONFLICT', message, options);
  }
}

/** The request is well-formed but breaks a business rule (e.g. an unknown SKU). */
export class UnprocessableError extends DomainError {
  constructor(message = 'Unprocessable', options: DomainErrorOptions = {}) {
    super('unprocessable', options.code ?? 'UNPROCESSABLE', message, options);
  }
}

/** The caller is known but lacks the role or ownership the action needs. */
export class ForbiddenError extends DomainError {
  constructor(message = 'Forbidden', options: DomainErrorOptions = {}) {
    super('forbidden', options.code ?? 'FORBIDDEN', message, options);
  }
}

/** The caller is not authenticated (no authorizer context reached the function). */
export class UnauthorizedError extends DomainError {
  constructor(message = 'Unauthorized', options: DomainErrorOptions = {}) {
    super('unauthorized', options.code ?? 'UNAUTHORIZED', message, options);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
