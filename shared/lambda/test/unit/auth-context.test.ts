import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, getAuthContext, requireRole, UnauthorizedError, type HttpEvent } from '../../src';
import { fixture } from '../support/fixtures';

const restWith = (authorizer: unknown): HttpEvent => {
  const event = fixture<APIGatewayProxyEvent>('api-gateway-rest-get-order');
  (event.requestContext as { authorizer: unknown }).authorizer = authorizer;
  return event;
};
const v2With = (authorizer: unknown): HttpEvent => {
  const event = fixture<APIGatewayProxyEventV2>('api-gateway-http-v2-post-order');
  (event.requestContext as { authorizer?: unknown }).authorizer = authorizer;
  return event;
};

describe('getAuthContext', () => {
  it.each([
    [
      'REST Lambda authorizer (principalId + role)',
      restWith({ principalId: 'alice', role: 'customer' }),
      { sub: 'alice', role: 'customer' },
    ],
    [
      'REST Lambda authorizer (sub wins over principalId)',
      restWith({ principalId: 'p', sub: 'alice', role: 'admin' }),
      { sub: 'alice', role: 'admin' },
    ],
    [
      'REST Cognito authorizer claims',
      restWith({ claims: { sub: 'u-1', 'custom:role': 'admin' } }),
      { sub: 'u-1', role: 'admin' },
    ],
    [
      'HTTP API Lambda authorizer',
      v2With({ lambda: { sub: 'bob', role: 'customer' } }),
      { sub: 'bob', role: 'customer' },
    ],
    [
      'HTTP API JWT authorizer',
      v2With({ jwt: { claims: { sub: 'carol', role: 'admin' }, scopes: [] } }),
      { sub: 'carol', role: 'admin' },
    ],
  ])('reads %s', (_name, event, expected) => {
    expect(getAuthContext(event)).toEqual(expected);
  });

  it.each([
    ['no authorizer', restWith(null)],
    ['no role', restWith({ principalId: 'alice' })],
    ['empty subject', restWith({ principalId: '', role: 'admin' })],
    ['non-string role', restWith({ principalId: 'alice', role: 7 })],
    ['v2 without authorizer', v2With(undefined)],
  ])('is undefined with %s', (_name, event) => {
    expect(getAuthContext(event)).toBeUndefined();
  });
});

describe('requireRole', () => {
  it('401 without a caller, 403 with another role, the caller otherwise', () => {
    expect(() => requireRole(undefined, 'admin')).toThrow(UnauthorizedError);
    expect(() => requireRole({ sub: 'a', role: 'customer' }, 'admin')).toThrow(ForbiddenError);
    expect(requireRole({ sub: 'a', role: 'admin' }, 'customer', 'admin')).toEqual({
      sub: 'a',
      role: 'admin',
    });
    expect(requireRole({ sub: 'a', role: 'anything' })).toEqual({ sub: 'a', role: 'anything' });
  });
});
