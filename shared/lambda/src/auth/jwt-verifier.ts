import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** The roles Stratus tokens carry in their `role` claim. */
export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a verified token belongs to. */
export interface VerifiedCaller {
  sub: string;
  role: Role;
  /** The token's `email` claim, when it has one (not every issuer puts it in access tokens). */
  email?: string;
}

export interface JwtVerifierOptions {
  /** `iss` every accepted token must carry (e.g. the Cognito user pool URL). */
  issuer: string;
  /** `aud` every accepted token must carry. */
  audience: string;
  /** Where the issuer publishes its keys; fetched on first use and cached across invocations. */
  jwksUrl?: string;
  /** The keys themselves, instead of `jwksUrl` (tests: jose's `createLocalJWKSet`). */
  keys?: JWTVerifyGetKey;
}

/** The token is missing, malformed, expired, wrongly signed or meant for someone else. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * The issuer's keys could not be fetched (timeout, network, a malformed JWKS). Nothing is known
 * about the token, so it is not refused as invalid (a 401 would send clients to sign in again):
 * the error propagates and the request fails as a server error, to be retried.
 */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

/**
 * jose's verdicts on the token itself; anything else is about getting the keys. jose reports a
 * JWKS answer that is not 200 OK or not JSON as a plain JOSEError (ERR_JOSE_GENERIC), which no
 * token check throws.
 */
const isVerdictOnToken = (error: unknown): boolean =>
  error instanceof errors.JOSEError &&
  error.code !== 'ERR_JOSE_GENERIC' &&
  !(error instanceof errors.JWKSTimeout) &&
  !(error instanceof errors.JWKSInvalid);

/**
 * Verifies access tokens with jose: an RS256 signature against the issuer's JWKS (the algorithm
 * allow-list refuses `alg: none` and HMAC, so a token "signed" with the public key as an HMAC
 * secret fails too), the issuer, the audience, the expiry, a subject and a known `role` claim.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    if (options.keys) {
      this.keys = options.keys;
    } else if (options.jwksUrl) {
      this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: 30_000,
      });
    } else {
      throw new Error('JwtVerifier needs jwksUrl or keys');
    }
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
      const message = error instanceof Error ? error.message : String(error);
      if (!isVerdictOnToken(error))
        throw new KeysUnavailableError(`cannot read the issuer's keys: ${message}`, { cause: error });
      throw new InvalidTokenError(message);
    }
    const { sub, role, email } = payload;
    if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('token has no subject');
    if (!ROLES.includes(role as Role)) throw new InvalidTokenError('token has no known role');
    return {
      sub,
      role: role as Role,
      ...(typeof email === 'string' && email !== '' ? { email } : {}),
    };
  }
}
