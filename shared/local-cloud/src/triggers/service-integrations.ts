import {
  DynamoDBClient,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { localClientConfig } from '../emulators/support/local-client-config';

/**
 * The optimized Step Functions integrations a state machine may use besides Lambda
 * (`arn:aws:states:::sqs:sendMessage`, `events:putEvents`, `dynamodb:putItem|getItem|updateItem|deleteItem`),
 * run against the emulators. Anything else is refused with the resource named.
 */
export function serviceIntegrations(endpoints: { sqs: string; eventbridge: string; dynamodb: string }) {
  const sqs = new SQSClient(localClientConfig(endpoints.sqs));
  const events = new EventBridgeClient(localClientConfig(endpoints.eventbridge));
  const dynamodb = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
  const commands: Record<string, (parameters: never) => Promise<unknown>> = {
    'sqs:sendMessage': (parameters) => sqs.send(new SendMessageCommand(parameters)),
    'events:putEvents': (parameters) => events.send(new PutEventsCommand(parameters)),
    'dynamodb:putItem': (parameters) => dynamodb.send(new PutItemCommand(parameters)),
    'dynamodb:getItem': (parameters) => dynamodb.send(new GetItemCommand(parameters)),
    'dynamodb:updateItem': (parameters) => dynamodb.send(new UpdateItemCommand(parameters)),
    'dynamodb:deleteItem': (parameters) => dynamodb.send(new DeleteItemCommand(parameters)),
  };
  return {
    invoke: async (resource: string, parameters: unknown): Promise<unknown> => {
      const action = /^arn:aws:states:::([a-z]+:[A-Za-z]+)$/.exec(resource)?.[1];
      const command = action === undefined ? undefined : commands[action];
      if (!command) {
        throw new Error(
          `${resource} is not run locally (local integrations: Lambda, ${Object.keys(commands).join(', ')})`,
        );
      }
      const { $metadata: _metadata, ...output } = (await command(parameters as never)) as Record<
        string,
        unknown
      >;
      return output;
    },
    destroy: () => {
      sqs.destroy();
      events.destroy();
      dynamodb.destroy();
    },
  };
}
