import type { Context } from 'aws-lambda';

let sequence = 0;

/** A Lambda context as the runtime passes it, with a fresh request id per call. */
export const lambdaContext = (): Context => {
  sequence += 1;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'orders-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-test',
    memoryLimitInMB: '512',
    awsRequestId: `request-${sequence}`,
    logGroupName: '/aws/lambda/orders-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
