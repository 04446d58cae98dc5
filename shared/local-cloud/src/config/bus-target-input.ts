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
