import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../emulators/support/local-client-config';
import { parseArn } from '../eventbridge/target-invoker';

export { parseArn };
export type { ParsedArn } from '../eventbridge/target-invoker';

/**
 * Names and ARNs of local resources. Everything runs in one fake account and region, so an ARN
 * written by one service (e.g. a rule target) can be read back by another.
 */
export const LOCAL_STAGE = 'local';
export { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../emulators/support/local-client-config';
export const LOCAL_BUS_NAME = 'stratus-local';
export const DEFAULT_BUS_NAME = 'default';

export const localArn = {
  table: (name: string) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:table/${name}`,
  /** DynamoDB Local's real stream ARN carries a timestamp known only after creation; this one names the table. */
  tableStream: (name: string) =>
    `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:table/${name}/stream/local`,
  queue: (name: string) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  bus: (name: string) => `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:event-bus/${name}`,
  rule: (busName: string, ruleName: string) =>
    busName === DEFAULT_BUS_NAME
      ? `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${ruleName}`
      : `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${busName}/${ruleName}`,
  function: (name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`,
  stateMachine: (name: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`,
  ssmParameter: (name: string) =>
    `arn:aws:ssm:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
  secret: (name: string) => `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:secret:${name}`,
  topicRule: (name: string) => `arn:aws:iot:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${name}`,
  timestreamDatabase: (name: string) =>
    `arn:aws:timestream:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:database/${name}`,
  timestreamTable: (database: string, table: string) =>
    `arn:aws:timestream:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:database/${database}/table/${table}`,
};

/** `arn:aws:lambda:...:function:NAME[:QUALIFIER]` -> NAME. */
export function functionNameFromArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'lambda') return undefined;
  const [kind, name] = parsed.resource.split(':');
  return kind === 'function' ? name : undefined;
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME` -> NAME. */
export function queueNameFromArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  return parsed?.service === 'sqs' ? parsed.resource : undefined;
}

/** `arn:aws:dynamodb:...:table/NAME[/stream/LABEL]` -> NAME. */
export function tableNameFromArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'dynamodb') return undefined;
  const [kind, name] = parsed.resource.split('/');
  return kind === 'table' ? name : undefined;
}

/** `arn:aws:events:...:event-bus/NAME` -> NAME; a plain name is returned as is. */
export function busNameFromReference(reference: string): string {
  const parsed = parseArn(reference);
  if (parsed === undefined) return reference;
  const [kind, name] = parsed.resource.split('/');
  return kind === 'event-bus' && name !== undefined ? name : reference;
}

export function stateMachineNameFromArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'states') return undefined;
  const [kind, name] = parsed.resource.split(':');
  return kind === 'stateMachine' ? name : undefined;
}
