import type { Target } from '@aws-sdk/client-eventbridge';
import type { TargetDelivery } from './local-service';

/**
 * What a derived target hands its function, queue or state machine instead of the whole event
 * (Input, InputPath or InputTransformer), as the bus's PutTargets takes it.
 */
export function busTargetInput(
  delivery: Pick<TargetDelivery, 'input' | 'inputPath' | 'inputTransformer'>,
): Pick<Target, 'Input' | 'InputPath' | 'InputTransformer'> {
  const transformer = delivery.inputTransformer;
  return {
    ...(delivery.input === undefined ? {} : { Input: delivery.input }),
    ...(delivery.inputPath === undefined ? {} : { InputPath: delivery.inputPath }),
    ...(transformer === undefined
      ? {}
      : {
          InputTransformer: {
            InputTemplate: transformer.inputTemplate,
            ...(transformer.inputPathsMap ? { InputPathsMap: transformer.inputPathsMap } : {}),
          },
        }),
  };
}

/**
 * Everything a derived target says about delivery, as PutTargets takes it: the input, and where
 * an event goes once its retries are spent (DeadLetterConfig, RetryPolicy). Rules and schedules
 * both go through here, so a schedule's dead-letter queue is honoured like a rule's.
 */
export function busTargetDelivery(
  delivery: TargetDelivery,
): Pick<Target, 'Input' | 'InputPath' | 'InputTransformer' | 'DeadLetterConfig' | 'RetryPolicy'> {
  const retry = delivery.retryPolicy;
  return {
    ...busTargetInput(delivery),
    ...(delivery.deadLetterQueueArn === undefined
      ? {}
      : { DeadLetterConfig: { Arn: delivery.deadLetterQueueArn } }),
    ...(retry === undefined
      ? {}
      : {
          RetryPolicy: {
            ...(retry.maximumRetryAttempts === undefined
              ? {}
              : { MaximumRetryAttempts: retry.maximumRetryAttempts }),
            ...(retry.maximumEventAgeInSeconds === undefined
              ? {}
              : { MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds }),
          },
        }),
  };
}
