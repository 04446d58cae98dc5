import { ForbiddenError, UnauthorizedError } from '../errors/domain-errors';
import type { HttpEvent } from './http-event';

/**
 * Who is calling, as the API's Lambda authorizer established it after verifying the token.
 * `sub` is the token subject (the authorizer's principalId), `role` its role claim.
 */
export interface AuthContext {
  sub: string;
  role: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const fromAuthorizerFields = (fields: Record<string, unknown>): AuthContext | undefined => {
  const sub = nonEmpty(fields.sub) ?? nonEmpty(fields.principalId);
  const role = nonEmpty(fields.role) ?? nonEmpty(fields['custom:role']);
  return sub !== undefined && role !== undefined ? { sub, role } : undefined;
};

/**
 * Reads the authorizer context of a REST API event (`requestContext.authorizer.{principalId,
 * sub, role}`: Lambda authorizer context values are strings), or of an HTTP API event
 * (`authorizer.lambda` or `authorizer.jwt.claims`). Undefined when there is none, which on AWS
 * means the route has no authorizer.
 */
export const getAuthContext = (event: HttpEvent): AuthContext | undefined => {
  const authorizer: unknown = (event.requestContext as { authorizer?: unknown } | undefined)?.authorizer;
  if (!isRecord(authorizer)) return undefined;
  const nested = [
    authorizer.lambda,
    isRecord(authorizer.jwt) ? authorizer.jwt.claims : undefined,
    authorizer.claims,
  ];
  for (const candidate of [authorizer, ...nested]) {
    if (!isRecord(candidate)) continue;
    const auth = fromAuthorizerFields(candidate);
    if (auth) return auth;
  }
  return undefined;
};

/**
 * Narrows `auth` to an authenticated caller holding one of `roles`: 401 when there is no caller,
 * 403 when the role does not match.
 */
export function requireRole(auth: AuthContext | undefined, ...roles: readonly string[]): AuthContext {
  if (auth === undefined) throw new UnauthorizedError('Authentication required');
  if (roles.length > 0 && !roles.includes(auth.role)) {
    throw new ForbiddenError('This action needs another role');
  }
  return auth;
}
