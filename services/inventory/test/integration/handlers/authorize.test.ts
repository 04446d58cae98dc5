import { startLocalIssuer, type RunningLocalIssuer } from '@stratus/local-cloud/src/identity/local-issuer';
import { mintToken } from '@stratus/local-cloud/src/identity/mint-token';
import { loadOrCreateSigningKey } from '@stratus/local-cloud/src/identity/signing-key';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lambdaContext } from '@stratus/lambda/testing';

const methodArn = 'arn:aws:execute-api:us-east-1:000000000000:local/local/PUT/inventory/MUG-001';

let issuer: RunningLocalIssuer;
let dataDir: string;
let otherKeyDir: string;
let authorize: (
  event: APIGatewayTokenAuthorizerEvent,
  context: unknown,
) => Promise<APIGatewayAuthorizerResult>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'issuer-'));
  otherKeyDir = mkdtempSync(path.join(tmpdir(), 'other-key-'));
  issuer = await startLocalIssuer({ port: 0, dataDir });
  process.env.JWT_ISSUER = issuer.issuer;
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  authorize = (await import('../../../src/handlers/authorize')).handler as never;
});
afterAll(async () => {
  await issuer.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(otherKeyDir, { recursive: true, force: true });
});

const call = (authorizationToken: string) =>
  authorize({ type: 'TOKEN', authorizationToken, methodArn }, lambdaContext());
const token = (overrides: Partial<Parameters<typeof mintToken>[0]> = {}) =>
  mintToken({ key: issuer.key, issuer: issuer.issuer, subject: 'ops', role: 'admin', ...overrides });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authorizer', () => {
  it('allows a valid admin token for the admin routes and passes sub and role on', async () => {
    const result = await call(`Bearer ${await token()}`);
    expect(result.principalId).toBe('ops');
    expect(result.context).toEqual({ sub: 'ops', role: 'admin' });
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('gives a customer only the read routes', async () => {
    const result = await call(`Bearer ${await token({ subject: 'alice', role: 'customer' })}`);
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Resource: ['arn:aws:execute-api:us-east-1:000000000000:local/local/GET/inventory/*'],
    });
  });

  it.each([
    ['no header', async () => ''],
    ['no Bearer prefix', async () => await token()],
    ['an expired token', async () => `Bearer ${await token({ expiresInSeconds: -60 })}`],
    ['another audience', async () => `Bearer ${await token({ audience: 'someone-else' })}`],
    ['another issuer', async () => `Bearer ${await token({ issuer: 'http://127.0.0.1:1' })}`],
    [
      'a token signed with another key',
      async () =>
        `Bearer ${await mintToken({ key: await loadOrCreateSigningKey(otherKeyDir), issuer: issuer.issuer, subject: 'ops', role: 'admin' })}`,
    ],
    [
      'alg none',
      async () => {
        const now = Math.floor(Date.now() / 1000);
        return `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ iss: issuer.issuer, aud: 'stratus', sub: 'ops', role: 'admin', iat: now, exp: now + 600 })}.`;
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await token({ subject: 'alice', role: 'customer' })).split('.');
        const now = Math.floor(Date.now() / 1000);
        return `Bearer ${header}.${base64url({ iss: issuer.issuer, aud: 'stratus', sub: 'alice', role: 'admin', iat: now, exp: now + 600 })}.${signature}`;
      },
    ],
    ['garbage', async () => 'Bearer not.a.jwt'],
  ])('answers Unauthorized for %s', async (_name, header) => {
    await expect(call(await header())).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses a token whose role is unknown', async () => {
    const { SignJWT } = await import('jose');
    const forged = await new SignJWT({ role: 'superuser' })
      .setProtectedHeader({ alg: 'RS256', kid: issuer.key.kid })
      .setIssuer(issuer.issuer)
      .setAudience('stratus')
      .setSubject('mallory')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(issuer.key.privateKey);
    await expect(call(`Bearer ${forged}`)).rejects.toThrow(/^Unauthorized$/);
  });
});
