import type { Context } from 'aws-lambda';

let sequence = 0;

/** A Lambda context as the runtime passes it, with a fresh request id per call. */
export const lambdaContext = (overrides: Partial<Context> = {}): Context => {
  sequence += 1;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'kit-test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:kit-test-function',
    memoryLimitInMB: '256',
    awsRequestId: `request-${sequence}`,
    logGroupName: '/aws/lambda/kit-test-function',
    logStreamName: '2026/11/27/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
};
