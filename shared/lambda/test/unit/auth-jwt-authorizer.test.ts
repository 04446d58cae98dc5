import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { errors } from 'jose';
import {
  bearerTokenOf,
  ConfigurationError,
  jwtAuthorizer,
  JwtVerifier,
  KeysUnavailableError,
  type AuthorizerEvent,
} from '../../src';
import { lambdaContext } from '../../src/testing';
import { AUDIENCE, createTestIssuer, ISSUER, type TestIssuer } from './auth-test-issuer';

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/orders';
const routesByRole = { customer: ['POST/orders', 'GET/orders/*'], admin: ['GET/orders/*'] };

let issuer: TestIssuer;
let authorize: (event: AuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

beforeAll(async () => {
  issuer = await createTestIssuer();
  const verifier = new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: issuer.keys });
  const handler = jwtAuthorizer({ routesByRole, verifier: () => verifier });
  authorize = (event) => handler(event, lambdaContext());
});

const tokenEvent = (authorizationToken: string): APIGatewayTokenAuthorizerEvent => ({
  type: 'TOKEN',
  authorizationToken,
  methodArn,
});
const requestEvent = (headers: Record<string, string>): APIGatewayRequestAuthorizerEvent =>
  ({
    type: 'REQUEST',
    methodArn,
    resource: '/orders',
    path: '/orders',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: {},
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  }) as APIGatewayRequestAuthorizerEvent;

describe('jwtAuthorizer', () => {
  it('answers a TOKEN event with the policy of the role', async () => {
    const result = await authorize(tokenEvent(`Bearer ${await issuer.sign({ sub: 'alice' })}`));
    expect(result.principalId).toBe('alice');
    expect(result.context).toEqual({ sub: 'alice', role: 'customer' });
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: [
        'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/orders',
        'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders/*',
      ],
    });
  });

  it('reads the Authorization header of a REQUEST event, in any case', async () => {
    const token = await issuer.sign({ sub: 'ops', role: 'admin' });
    for (const name of ['Authorization', 'authorization']) {
      const result = await authorize(requestEvent({ [name]: `Bearer ${token}` }));
      expect(result.context).toEqual({ sub: 'ops', role: 'admin' });
    }
  });

  it.each<[string, () => Promise<AuthorizerEvent>]>([
    ['a TOKEN event without a token', async () => tokenEvent('')],
    ['a token without the Bearer prefix', async () => tokenEvent(await issuer.sign())],
    ['an expired token', async () => tokenEvent(`Bearer ${await issuer.sign({}, { expiresIn: 1 })}`)],
    ['a foreign key', async () => tokenEvent(`Bearer ${await issuer.signWithForeignKey()}`)],
    ['a REQUEST event without Authorization', async () => requestEvent({ host: 'api' })],
  ])('answers Unauthorized (401) for %s', async (_name, event) => {
    await expect(authorize(await event())).rejects.toThrow(/^Unauthorized$/);
  });

  it('lets a configuration problem surface as itself, not as a refused token', async () => {
    const previous = process.env.JWT_ISSUER;
    delete process.env.JWT_ISSUER;
    try {
      const handler = jwtAuthorizer({ routesByRole });
      const token = await issuer.sign();
      await expect(handler(tokenEvent(`Bearer ${token}`), lambdaContext())).rejects.toBeInstanceOf(
        ConfigurationError,
      );
    } finally {
      if (previous !== undefined) process.env.JWT_ISSUER = previous;
    }
  });

  it('fails (500 on API Gateway) rather than answering 401 when the issuer keys cannot be fetched', async () => {
    const handler = jwtAuthorizer({
      routesByRole,
      verifier: () =>
        new JwtVerifier({
          issuer: ISSUER,
          audience: AUDIENCE,
          keys: async () => {
            throw new errors.JWKSTimeout();
          },
        }),
    });
    await expect(
      handler(tokenEvent(`Bearer ${await issuer.sign()}`), lambdaContext()),
    ).rejects.toBeInstanceOf(KeysUnavailableError);
  });

  it('uses a policy function when one is given', async () => {
    const handler = jwtAuthorizer({
      policy: (caller) => ({
        principalId: caller.sub,
        policyDocument: { Version: '2012-10-17', Statement: [] },
      }),
      verifier: () => new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: issuer.keys }),
    });
    const result = await handler(tokenEvent(`Bearer ${await issuer.sign({ sub: 'x' })}`), lambdaContext());
    expect(result).toEqual({ principalId: 'x', policyDocument: { Version: '2012-10-17', Statement: [] } });
  });
});

describe('bearerTokenOf', () => {
  it('takes only a well-formed bearer token', () => {
    expect(bearerTokenOf(tokenEvent('Bearer a.b.c'))).toBe('a.b.c');
    expect(bearerTokenOf(tokenEvent('bearer a.b.c'))).toBeUndefined();
    expect(bearerTokenOf(tokenEvent('Bearer a b'))).toBeUndefined();
    expect(bearerTokenOf(requestEvent({ AUTHORIZATION: 'Bearer x.y.z' }))).toBe('x.y.z');
  });
});
