import type { SigningKey } from './signing-key';
import { SIGNING_ALGORITHM } from './signing-key';

/** The audience every Stratus authorizer expects. */
export const LOCAL_AUDIENCE = 'stratus';
export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface MintTokenOptions {
  key: SigningKey;
  issuer: string;
  audience?: string;
  subject: string;
  role: Role;
  /** Seconds until expiry; default one hour. */
  expiresInSeconds?: number;
  /** More claims (e.g. `email`); cannot replace the registered ones. */
  claims?: Record<string, unknown>;
}

/** A signed access token shaped like the real issuer's: iss, aud, sub, iat, exp and a `role` claim. */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  if (!ROLES.includes(options.role))
    throw new Error(`role must be one of ${ROLES.join(', ')}, got '${options.role}'`);
  if (options.subject.trim() === '') throw new Error('a token needs a subject (--sub)');
  const expiresIn = options.expiresInSeconds ?? 3600;
  // Loaded on first use: jose is ESM only (see signing-key.ts).
  const { SignJWT } = await import('jose');
  return new SignJWT({ ...options.claims, role: options.role, token_use: 'access' })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: options.key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
    .sign(options.key.privateKey);
}
