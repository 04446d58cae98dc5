import { BadRequestError, ForbiddenError, type AuthContext, type HttpEvent } from '@stratus/lambda';
import { z } from 'zod';
import { IdempotencyKey } from '../domain/idempotency';
import type { Principal, Role } from '../domain/order-access';

/** The `Idempotency-Key` header of `POST /orders`: required, 8-128 URL-safe characters. */
export function idempotencyKeyOf(headers: Readonly<Record<string, string>>): string {
  const value = headers['idempotency-key'];
  const parsed = IdempotencyKey.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new BadRequestError('Request validation failed', {
    code: 'VALIDATION_FAILED',
    fields: [
      {
        path: 'headers.Idempotency-Key',
        message:
          value === undefined
            ? 'Required: send an Idempotency-Key header (8-128 characters of A-Z a-z 0-9 _ . : -) so a retried request cannot place the order twice'
            : (parsed.error.issues[0]?.message ?? 'Invalid'),
      },
    ],
  });
}

const Email = z.email();

/** The e-mail address the authorizer took from the token (`email` claim), when there was one. */
export function contactEmailOf(event: HttpEvent): string | undefined {
  const authorizer = (event.requestContext as { authorizer?: Record<string, unknown> } | undefined)
    ?.authorizer;
  const parsed = Email.safeParse(authorizer?.email);
  return parsed.success ? parsed.data : undefined;
}

const ROLES: readonly Role[] = ['customer', 'admin'];

/** The authenticated caller as the order access rules name it. */
export function principalOf(auth: AuthContext): Principal {
  if (!ROLES.includes(auth.role as Role)) throw new ForbiddenError('This action needs another role');
  return { subject: auth.sub, role: auth.role as Role };
}
