import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { errors } from 'jose';
import { InvalidTokenError, JwtVerifier, KeysUnavailableError } from '../../src';
import { AUDIENCE, base64url, createTestIssuer, ISSUER, type TestIssuer } from './auth-test-issuer';

let issuer: TestIssuer;
let verifier: JwtVerifier;

beforeAll(async () => {
  issuer = await createTestIssuer();
  verifier = new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: issuer.keys });
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'alice',
  role: 'admin',
  iat: now(),
  exp: now() + 600,
  ...extra,
});

describe('JwtVerifier', () => {
  it('returns subject and role of a valid token, and the email when the token has one', async () => {
    expect(await verifier.verify(await issuer.sign({ sub: 'alice', role: 'customer' }))).toEqual({
      sub: 'alice',
      role: 'customer',
    });
    expect(
      await verifier.verify(await issuer.sign({ sub: 'bob', role: 'admin', email: 'bob@example.com' })),
    ).toEqual({ sub: 'bob', role: 'admin', email: 'bob@example.com' });
  });

  it.each<[string, () => Promise<string>]>([
    ['an expired token', () => issuer.sign({}, { expiresIn: now() - 60 })],
    ['another audience', () => issuer.sign({ aud: 'someone-else' })],
    ['another issuer', () => issuer.sign({ iss: 'https://evil.test' })],
    ['a key the issuer never published', () => issuer.signWithForeignKey()],
    ['an unknown key id', () => issuer.sign({}, { kid: 'other-key' })],
    ['an unknown role', () => issuer.sign({ role: 'superuser' })],
    ['no role', () => issuer.sign({ role: undefined })],
    ['an empty subject', () => issuer.sign({ sub: '' })],
    ['alg none', async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`],
    [
      'HS256 signed with the public key as the secret (algorithm confusion)',
      async () => {
        const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT', kid: 'test-key' })}.${base64url(claims())}`;
        const signature = createHmac('sha256', issuer.publicKeyPem).update(unsigned).digest('base64url');
        return `${unsigned}.${signature}`;
      },
    ],
    [
      'a payload changed after signing',
      async () => {
        const [header, , signature] = (await issuer.sign({ role: 'customer' })).split('.');
        return `${header}.${base64url(claims({ role: 'admin' }))}.${signature}`;
      },
    ],
    ['garbage', async () => 'not.a.jwt'],
    ['an empty string', async () => ''],
  ])('refuses %s with InvalidTokenError', async (_name, token) => {
    await expect(verifier.verify(await token())).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it.each<[string, () => Error]>([
    ['a JWKS fetch that timed out', () => new errors.JWKSTimeout()],
    ['a network failure', () => new TypeError('fetch failed')],
    ['a malformed JWKS', () => new errors.JWKSInvalid('JSON Web Key Set malformed')],
  ])('does not call the token invalid after %s: KeysUnavailableError', async (_name, failure) => {
    const unreachable = new JwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: async () => {
        throw failure();
      },
    });
    const verifying = unreachable.verify(await issuer.sign());
    await expect(verifying).rejects.toBeInstanceOf(KeysUnavailableError);
    await expect(verifying).rejects.not.toBeInstanceOf(InvalidTokenError);
  });

  it.each<[string, number, string, string]>([
    ['503 Service Unavailable', 503, 'application/json', '{"message":"down"}'],
    ['404 Not Found', 404, 'text/plain', 'no such path'],
    ['an HTML page with 200 OK', 200, 'text/html', '<html><body>sign in</body></html>'],
  ])('does not call the token invalid when the JWKS URL answers %s', async (_name, status, type, body) => {
    const server = createServer((_request, response) => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const remote = new JwtVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      });
      const verifying = remote.verify(await issuer.sign());
      await expect(verifying).rejects.toBeInstanceOf(KeysUnavailableError);
      await expect(verifying).rejects.not.toBeInstanceOf(InvalidTokenError);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('needs a JWKS URL or keys', () => {
    expect(() => new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE })).toThrow(/jwksUrl or keys/);
  });
});
