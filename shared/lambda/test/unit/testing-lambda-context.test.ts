import { lambdaContext } from '../../src/testing';

describe('lambdaContext for handler tests', () => {
  it('gives every call a fresh request id', () => {
    const first = lambdaContext();
    const second = lambdaContext();
    expect(first.awsRequestId).toMatch(/^request-\d+$/);
    expect(second.awsRequestId).not.toBe(first.awsRequestId);
    expect(first.getRemainingTimeInMillis()).toBe(10_000);
  });

  it('names the ARN and log group after the function, and lets a test set what it looks at', () => {
    const context = lambdaContext({ functionName: 'orders-test', awsRequestId: 'req-1' });
    expect(context).toMatchObject({
      functionName: 'orders-test',
      awsRequestId: 'req-1',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-test',
      logGroupName: '/aws/lambda/orders-test',
    });
  });
});
