export {
  ConflictError,
  DomainError,
  ForbiddenError,
  isDomainError,
  NotFoundError,
  UnauthorizedError,
  UnprocessableError,
} from './domain-errors';
export type { DomainErrorKind, DomainErrorOptions } from './domain-errors';
