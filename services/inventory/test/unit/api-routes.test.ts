import { routePolicy } from '@stratus/lambda';
import { INVENTORY_ROUTES_BY_ROLE } from '../../src/handlers/api-routes';

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/MUG-001';

describe('the routes of the inventory API per role', () => {
  it('lets a customer read stock, on every SKU, and nothing else', () => {
    expect(routePolicy({ sub: 'alice', role: 'customer' }, methodArn, INVENTORY_ROUTES_BY_ROLE)).toEqual({
      principalId: 'alice',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: ['arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/*'],
          },
        ],
      },
      context: { sub: 'alice', role: 'customer' },
    });
  });

  it('lets an admin read and set stock', () => {
    const policy = routePolicy({ sub: 'ops', role: 'admin' }, methodArn, INVENTORY_ROUTES_BY_ROLE);
    expect(policy.policyDocument.Statement[0]).toMatchObject({
      Resource: [
        'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/*',
        'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/PUT/inventory/*',
      ],
    });
  });
});
