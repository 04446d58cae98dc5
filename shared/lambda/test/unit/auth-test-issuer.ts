import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'stratus';

export interface TestIssuer {
  keys: ReturnType<typeof createLocalJWKSet>;
  /** A token signed with the issuer's key; claims override the defaults. */
  sign(claims?: JWTPayload, options?: { expiresIn?: string | number; kid?: string }): Promise<string>;
  /** A token signed with a key the issuer never published. */
  signWithForeignKey(claims?: JWTPayload): Promise<string>;
  publicKeyPem: string;
}

/** An RS256 issuer in memory: what the local issuer or Cognito does, without HTTP. */
export async function createTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const signWith = (key: typeof privateKey, kid: string, claims: JWTPayload, expiresIn: string | number) =>
    new SignJWT({ role: 'customer', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setSubject(typeof claims.sub === 'string' ? claims.sub : 'alice')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);
  const publicKeyPem = (await import('node:crypto')).KeyObject.from(publicKey).export({
    type: 'spki',
    format: 'pem',
  }) as string;
  return {
    keys,
    sign: (claims = {}, options = {}) =>
      signWith(privateKey, options.kid ?? 'test-key', claims, options.expiresIn ?? '10m'),
    signWithForeignKey: (claims = {}) => signWith(foreign.privateKey, 'test-key', claims, '10m'),
    publicKeyPem,
  };
}

export const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
