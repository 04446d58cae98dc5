import { busTargetDelivery, busTargetInput } from '../../src/config/bus-target-input';

describe('the input a derived target hands over', () => {
  it('is nothing when the target takes the whole event', () => {
    expect(busTargetInput({})).toEqual({});
  });

  it('maps Input and InputPath as they are', () => {
    expect(busTargetInput({ input: '{"fixed":true}' })).toEqual({ Input: '{"fixed":true}' });
    expect(busTargetInput({ inputPath: '$.detail' })).toEqual({ InputPath: '$.detail' });
  });

  it('maps an InputTransformer with or without its paths', () => {
    expect(
      busTargetInput({
        inputTransformer: { inputTemplate: '{"id": <id>}', inputPathsMap: { id: '$.detail.id' } },
      }),
    ).toEqual({ InputTransformer: { InputTemplate: '{"id": <id>}', InputPathsMap: { id: '$.detail.id' } } });
    expect(busTargetInput({ inputTransformer: { inputTemplate: '"constant"' } })).toEqual({
      InputTransformer: { InputTemplate: '"constant"' },
    });
  });
});

describe('the delivery a derived target hands the bus', () => {
  it('adds the dead-letter queue and the retry policy to the input', () => {
    expect(
      busTargetDelivery({
        inputPath: '$.detail',
        deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
      }),
    ).toEqual({
      InputPath: '$.detail',
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
    });
  });

  it('leaves out what the target does not set', () => {
    expect(busTargetDelivery({})).toEqual({});
    expect(busTargetDelivery({ retryPolicy: { maximumRetryAttempts: 0 } })).toEqual({
      RetryPolicy: { MaximumRetryAttempts: 0 },
    });
  });
});
