import type { Context } from 'aws-lambda';

let sequence = 0;

/**
 * A Lambda context as the runtime passes it to a handler under test, with a fresh request id per
 * call (`request-1`, `request-2`, ...); `overrides` set what a test looks at.
 */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  sequence += 1;
  const functionName = overrides.functionName ?? 'test-function';
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `request-${sequence}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/27/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}
