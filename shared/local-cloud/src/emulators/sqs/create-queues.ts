import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { CloudFormationResources } from '../support/cloudformation';
import {
  UnsupportedTemplateValueError,
  resourcesOfType,
  templateBoolean,
  templateNumber,
  templateString,
} from '../support/cloudformation';
import { localClientConfig } from '../support/local-client-config';
import { parseQueueArn, queueArn } from './queue-addresses';
import type { QueueAccount } from './queue-addresses';

export const SQS_QUEUE_TYPE = 'AWS::SQS::Queue';

const NUMBER_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
] as const;
const STRING_ATTRIBUTES = ['DeduplicationScope', 'FifoThroughputLimit'] as const;
/** Encryption settings mean nothing without KMS; they are left out and reported. */
const LOCALLY_IRRELEVANT = new Set([
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
]);
const HANDLED = new Set<string>([
  'QueueName',
  'FifoQueue',
  'ContentBasedDeduplication',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Tags',
  ...NUMBER_ATTRIBUTES,
  ...STRING_ATTRIBUTES,
]);

export interface LocalQueueDefinition {
  logicalId: string;
  queueName: string;
  queueArn: string;
  /** CreateQueue attributes, as strings like the API wants them. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Logical id of the dead-letter queue when it is defined in the same template. */
  deadLetterLogicalId?: string;
  deadLetterQueueArn?: string;
  maxReceiveCount?: number;
  ignoredProperties: string[];
}

/**
 * Turns the `AWS::SQS::Queue` resources of a template into CreateQueue requests, ordered so that
 * every dead-letter queue comes before the queues that redrive to it. A queue without QueueName is
 * named after its logical id (plus `.fifo` for FIFO queues), as CloudFormation would generate one.
 * `deadLetterTargetArn` may be an ARN (its queue name is kept, its account mapped to the local one)
 * or `{ "Fn::GetAtt": [LogicalId, "Arn"] }` naming another queue of the template.
 */
export function queueDefinitionsFromCloudFormation(
  resources: CloudFormationResources,
  account: QueueAccount = {},
): LocalQueueDefinition[] {
  const queues = resourcesOfType(resources, SQS_QUEUE_TYPE);
  const names = new Map<string, string>();
  for (const [logicalId, resource] of queues) {
    names.set(logicalId, queueNameOf(logicalId, resource.Properties ?? {}));
  }
  const definitions = new Map<string, LocalQueueDefinition>();
  for (const [logicalId, resource] of queues) {
    definitions.set(logicalId, definitionOf(logicalId, resource.Properties ?? {}, names, account));
  }
  return dependencyOrder(definitions);
}

function queueNameOf(logicalId: string, properties: Record<string, unknown>): string {
  if (properties.QueueName !== undefined) {
    const name = templateString(logicalId, 'QueueName', properties.QueueName);
    const fifo =
      properties.FifoQueue !== undefined && templateBoolean(logicalId, 'FifoQueue', properties.FifoQueue);
    if (fifo !== name.endsWith('.fifo')) {
      throw new UnsupportedTemplateValueError(
        logicalId,
        'QueueName',
        name,
        'a FIFO queue name must end with .fifo, and only a FIFO queue name may',
      );
    }
    return name;
  }
  const fifo =
    properties.FifoQueue !== undefined && templateBoolean(logicalId, 'FifoQueue', properties.FifoQueue);
  return fifo ? `${logicalId}.fifo` : logicalId;
}

function definitionOf(
  logicalId: string,
  properties: Record<string, unknown>,
  names: Map<string, string>,
  account: QueueAccount,
): LocalQueueDefinition {
  const unknown = Object.keys(properties).filter((key) => !HANDLED.has(key) && !LOCALLY_IRRELEVANT.has(key));
  if (unknown.length > 0) {
    throw new UnsupportedTemplateValueError(
      logicalId,
      unknown.join(','),
      undefined,
      'unknown AWS::SQS::Queue properties',
    );
  }
  const queueName = names.get(logicalId) as string;
  const attributes: Record<string, string> = {};
  for (const name of NUMBER_ATTRIBUTES) {
    if (properties[name] !== undefined)
      attributes[name] = String(templateNumber(logicalId, name, properties[name]));
  }
  for (const name of STRING_ATTRIBUTES) {
    if (properties[name] !== undefined) attributes[name] = templateString(logicalId, name, properties[name]);
  }
  if (properties.FifoQueue !== undefined && templateBoolean(logicalId, 'FifoQueue', properties.FifoQueue)) {
    attributes.FifoQueue = 'true';
  }
  if (properties.ContentBasedDeduplication !== undefined) {
    attributes.ContentBasedDeduplication = String(
      templateBoolean(logicalId, 'ContentBasedDeduplication', properties.ContentBasedDeduplication),
    );
  }
  if (properties.RedriveAllowPolicy !== undefined) {
    attributes.RedriveAllowPolicy = jsonAttribute(
      logicalId,
      'RedriveAllowPolicy',
      properties.RedriveAllowPolicy,
    );
  }
  const definition: LocalQueueDefinition = {
    logicalId,
    queueName,
    queueArn: queueArn(queueName, account),
    attributes,
    tags: tagsOf(logicalId, properties.Tags),
    ignoredProperties: Object.keys(properties).filter((key) => LOCALLY_IRRELEVANT.has(key)),
  };
  if (properties.RedrivePolicy !== undefined) {
    const policy = parseJson(logicalId, 'RedrivePolicy', properties.RedrivePolicy);
    const target = resolveDeadLetterTarget(logicalId, policy.deadLetterTargetArn, names, account);
    const maxReceiveCount = templateNumber(
      logicalId,
      'RedrivePolicy.maxReceiveCount',
      policy.maxReceiveCount,
    );
    attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: target.arn, maxReceiveCount });
    definition.deadLetterQueueArn = target.arn;
    definition.maxReceiveCount = maxReceiveCount;
    if (target.logicalId !== undefined) definition.deadLetterLogicalId = target.logicalId;
  }
  return definition;
}

function resolveDeadLetterTarget(
  logicalId: string,
  value: unknown,
  names: Map<string, string>,
  account: QueueAccount,
): { arn: string; logicalId?: string } {
  const property = 'RedrivePolicy.deadLetterTargetArn';
  if (typeof value === 'string') {
    let parsed;
    try {
      parsed = parseQueueArn(value);
    } catch {
      throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected an SQS queue ARN');
    }
    const local = [...names.entries()].find(([, name]) => name === parsed.queueName)?.[0];
    return { arn: queueArn(parsed.queueName, account), ...(local === undefined ? {} : { logicalId: local }) };
  }
  const getAtt =
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)['Fn::GetAtt']
      : undefined;
  const [target, attribute] = Array.isArray(getAtt)
    ? getAtt
    : typeof getAtt === 'string'
      ? getAtt.split('.')
      : [undefined, undefined];
  if (typeof target !== 'string' || attribute !== 'Arn') {
    throw new UnsupportedTemplateValueError(
      logicalId,
      property,
      value,
      'expected a queue ARN or { "Fn::GetAtt": [QueueLogicalId, "Arn"] }',
    );
  }
  const targetName = names.get(target);
  if (targetName === undefined) {
    throw new UnsupportedTemplateValueError(
      logicalId,
      property,
      value,
      `${target} is not an AWS::SQS::Queue of this template`,
    );
  }
  return { arn: queueArn(targetName, account), logicalId: target };
}

function dependencyOrder(definitions: Map<string, LocalQueueDefinition>): LocalQueueDefinition[] {
  const ordered: LocalQueueDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (definition: LocalQueueDefinition, path: string[]) => {
    const current = state.get(definition.logicalId);
    if (current === 'done') return;
    if (current === 'visiting') {
      throw new Error(
        `${definition.logicalId}: redrive policies form a cycle (${[...path, definition.logicalId].join(' -> ')})`,
      );
    }
    state.set(definition.logicalId, 'visiting');
    const target =
      definition.deadLetterLogicalId === undefined
        ? undefined
        : definitions.get(definition.deadLetterLogicalId);
    if (target !== undefined && target !== definition) visit(target, [...path, definition.logicalId]);
    state.set(definition.logicalId, 'done');
    ordered.push(definition);
  };
  for (const definition of definitions.values()) visit(definition, []);
  return ordered;
}

function parseJson(logicalId: string, property: string, value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? safeParse(logicalId, property, value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected an object');
  }
  return parsed as Record<string, unknown>;
}

function safeParse(logicalId: string, property: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected JSON');
  }
}

function jsonAttribute(logicalId: string, property: string, value: unknown): string {
  return JSON.stringify(parseJson(logicalId, property, value));
}

function tagsOf(logicalId: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) {
    throw new UnsupportedTemplateValueError(logicalId, 'Tags', value, 'expected a list of { Key, Value }');
  }
  return Object.fromEntries(
    value.map((tag: unknown, index) => {
      const entry = parseJson(logicalId, `Tags[${index}]`, tag);
      return [
        templateString(logicalId, `Tags[${index}].Key`, entry.Key),
        templateString(logicalId, `Tags[${index}].Value`, entry.Value),
      ];
    }),
  );
}

export interface CreatedQueue {
  logicalId: string;
  queueName: string;
  queueUrl: string;
  queueArn: string;
  status: 'created' | 'existing';
  deadLetterQueueArn?: string;
  maxReceiveCount?: number;
  ignoredProperties: string[];
}

export interface CreateQueuesReport {
  created: string[];
  existing: string[];
  queues: CreatedQueue[];
  /** Logical id -> queue, for resolving Ref / Fn::GetAtt of queues elsewhere in the configuration. */
  byLogicalId: Record<string, CreatedQueue>;
}

/**
 * Creates the template's queues in the local SQS, dead-letter queues first. Idempotent: a queue
 * that exists already gets the template's attributes (SetQueueAttributes, so a changed
 * configuration applies without a restart) and is reported as existing.
 */
export async function createQueuesFromCloudFormation(
  endpoint: string,
  resources: CloudFormationResources,
  account: QueueAccount = {},
): Promise<CreateQueuesReport> {
  const definitions = queueDefinitionsFromCloudFormation(resources, account);
  const client = new SQSClient(localClientConfig(endpoint));
  try {
    const queues: CreatedQueue[] = [];
    for (const definition of definitions) {
      queues.push(await ensureQueue(client, definition));
    }
    return {
      created: queues.filter((queue) => queue.status === 'created').map((queue) => queue.queueName),
      existing: queues.filter((queue) => queue.status === 'existing').map((queue) => queue.queueName),
      queues,
      byLogicalId: Object.fromEntries(queues.map((queue) => [queue.logicalId, queue])),
    };
  } finally {
    client.destroy();
  }
}

async function ensureQueue(client: SQSClient, definition: LocalQueueDefinition): Promise<CreatedQueue> {
  let url = await existingQueueUrl(client, definition.queueName);
  let status: CreatedQueue['status'] = 'existing';
  if (url === undefined) {
    const created = await client.send(
      new CreateQueueCommand({
        QueueName: definition.queueName,
        Attributes: definition.attributes,
        ...(Object.keys(definition.tags).length > 0 ? { tags: definition.tags } : {}),
      }),
    );
    url = created.QueueUrl as string;
    status = 'created';
  } else {
    const { FifoQueue: _immutable, ...mutable } = definition.attributes;
    if (Object.keys(mutable).length > 0) {
      await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: mutable }));
    }
  }
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return {
    logicalId: definition.logicalId,
    queueName: definition.queueName,
    queueUrl: url,
    queueArn: Attributes?.QueueArn ?? definition.queueArn,
    status,
    ...(definition.deadLetterQueueArn === undefined
      ? {}
      : { deadLetterQueueArn: definition.deadLetterQueueArn }),
    ...(definition.maxReceiveCount === undefined ? {} : { maxReceiveCount: definition.maxReceiveCount }),
    ignoredProperties: definition.ignoredProperties,
  };
}

async function existingQueueUrl(client: SQSClient, queueName: string): Promise<string | undefined> {
  try {
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: queueName }));
    return QueueUrl;
  } catch (error) {
    if (
      error instanceof QueueDoesNotExist ||
      (error as Error).name === 'AWS.SimpleQueueService.NonExistentQueue'
    ) {
      return undefined;
    }
    throw error;
  }
}
