import { routePolicy, type RoutesByRole } from '../../src';

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders/o-1';
const routes: RoutesByRole = {
  customer: ['POST/orders', 'GET/orders', 'GET/orders/*', 'POST/orders/*/cancel'],
  admin: ['GET/orders/*'],
};

describe('routePolicy', () => {
  it('allows every route of the role on this API and stage, and passes sub and role on', () => {
    expect(routePolicy({ sub: 'alice', role: 'customer' }, methodArn, routes)).toEqual({
      principalId: 'alice',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: [
              'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/orders',
              'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders',
              'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders/*',
              'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/orders/*/cancel',
            ],
          },
        ],
      },
      context: { sub: 'alice', role: 'customer' },
    });
  });

  it('passes the email on when the token had one', () => {
    expect(
      routePolicy({ sub: 'ops', role: 'admin', email: 'ops@example.com' }, methodArn, routes).context,
    ).toEqual({ sub: 'ops', role: 'admin', email: 'ops@example.com' });
  });

  it('denies the whole API to a role without routes', () => {
    expect(
      routePolicy({ sub: 'ops', role: 'admin' }, methodArn, { customer: ['GET/orders'] }).policyDocument
        .Statement,
    ).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Deny',
        Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*',
      },
    ]);
  });

  it('refuses an ARN it cannot read', () => {
    expect(() => routePolicy({ sub: 'ops', role: 'admin' }, 'arn:aws:execute-api:x:1:abc', routes)).toThrow(
      /unexpected method ARN/,
    );
  });
});
