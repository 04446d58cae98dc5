import { routePolicy } from '@stratus/lambda';
import { INVENTORY_ROUTES_BY_ROLE } from '../../src/handlers/api-routes';

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/MUG-001';

describe('the routes of the inventory API per role', () => {
  it('lets a customer read stock, on every SKU, and nothing else', () => {
    const policy = routePolicy({ sub: 'alice', role: 'customer' }, methodArn, INVENTORY_ROUTES_BY_ROLE);
    expect(policy.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: ['arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/*'],
      },
    ]);
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
