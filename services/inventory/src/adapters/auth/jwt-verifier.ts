import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface VerifiedCaller {
  sub: string;
  role: Role;
}

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  /** Where the issuer publishes its keys; fetched once and cached across invocations. */
  jwksUrl: string;
}

/** The token is missing, malformed, expired, wrongly signed or for someone else. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * Verifies access tokens: RS256 signature against the issuer's JWKS (`alg: none` and HMAC are
 * refused by the algorithm allow-list), issuer, audience, expiry, and a known `role` claim.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
    });
  }

  async verify(token: string): Promise<VerifiedCaller> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'token rejected');
    }
    const { sub, role } = payload;
    if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('token has no subject');
    if (!ROLES.includes(role as Role)) throw new InvalidTokenError('token has no known role');
    return { sub, role: role as Role };
  }
}
