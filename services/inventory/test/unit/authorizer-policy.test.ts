import { policyFor } from '../../src/handlers/authorizer-policy';

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/MUG-001';

describe('policyFor', () => {
  it('lets a customer read stock, on every SKU, and nothing else', () => {
    expect(policyFor({ sub: 'alice', role: 'customer' }, methodArn)).toEqual({
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
    const policy = policyFor({ sub: 'ops', role: 'admin' }, methodArn);
    expect(policy.policyDocument.Statement[0]).toMatchObject({
      Resource: [
        'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/inventory/*',
        'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/PUT/inventory/*',
      ],
    });
  });

  it('refuses an ARN it cannot read', () => {
    expect(() => policyFor({ sub: 'ops', role: 'admin' }, 'arn:aws:execute-api:us-east-1:1:abc')).toThrow(
      /unexpected method ARN/,
    );
  });
});
