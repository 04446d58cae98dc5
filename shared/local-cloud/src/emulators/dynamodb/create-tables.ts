import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  ProvisionedThroughput,
  StreamViewType,
} from '@aws-sdk/client-dynamodb';
import type { CloudFormationResources } from '../support/cloudformation';
import {
  UnsupportedTemplateValueError,
  resourcesOfType,
  templateBoolean,
  templateNumber,
  templateString,
} from '../support/cloudformation';
import { localClientConfig } from '../support/local-client-config';

export const DYNAMODB_TABLE_TYPE = 'AWS::DynamoDB::Table';

/** Properties that exist only for the real service (backups, encryption, tags...) and change nothing locally. */
const LOCALLY_IRRELEVANT = new Set([
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'Tags',
  'DeletionProtectionEnabled',
  'ContributorInsightsSpecification',
  'KinesisStreamSpecification',
  'TableClass',
  'ImportSourceSpecification',
  'ResourcePolicy',
  'OnDemandThroughput',
  'WarmThroughput',
]);
const HANDLED = new Set([
  'TableName',
  'KeySchema',
  'AttributeDefinitions',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'StreamSpecification',
  'TimeToLiveSpecification',
]);

/** Capacity used when a PROVISIONED table or index names none; DynamoDB Local does not throttle. */
const DEFAULT_THROUGHPUT: ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

export interface LocalTableDefinition {
  logicalId: string;
  createTable: CreateTableCommandInput;
  timeToLive?: { AttributeName: string; Enabled: boolean };
  /** Template properties that have no local meaning and were left out. */
  ignoredProperties: string[];
}

/**
 * Maps the Properties of an `AWS::DynamoDB::Table` to a CreateTable request. A missing TableName
 * becomes the logical id (CloudFormation would generate a name). Values must be resolved: an
 * intrinsic function left in a property is reported with the logical id and the property.
 */
export function tableDefinitionFromCloudFormation(
  logicalId: string,
  properties: Record<string, unknown>,
): LocalTableDefinition {
  const unknown = Object.keys(properties).filter((key) => !HANDLED.has(key) && !LOCALLY_IRRELEVANT.has(key));
  if (unknown.length > 0) {
    throw new UnsupportedTemplateValueError(
      logicalId,
      unknown.join(','),
      undefined,
      'unknown AWS::DynamoDB::Table properties',
    );
  }
  const billingMode =
    properties.BillingMode === undefined
      ? 'PROVISIONED'
      : templateString(logicalId, 'BillingMode', properties.BillingMode);
  if (billingMode !== 'PROVISIONED' && billingMode !== 'PAY_PER_REQUEST') {
    throw new UnsupportedTemplateValueError(
      logicalId,
      'BillingMode',
      billingMode,
      'expected PROVISIONED or PAY_PER_REQUEST',
    );
  }
  const provisioned = billingMode === 'PROVISIONED';
  const createTable: CreateTableCommandInput = {
    TableName:
      properties.TableName === undefined
        ? logicalId
        : templateString(logicalId, 'TableName', properties.TableName),
    KeySchema: keySchema(logicalId, 'KeySchema', properties.KeySchema),
    AttributeDefinitions: attributeDefinitions(logicalId, properties.AttributeDefinitions),
    BillingMode: billingMode,
  };
  if (provisioned) {
    createTable.ProvisionedThroughput = throughput(
      logicalId,
      'ProvisionedThroughput',
      properties.ProvisionedThroughput,
    );
  }
  if (properties.GlobalSecondaryIndexes !== undefined) {
    createTable.GlobalSecondaryIndexes = list(
      logicalId,
      'GlobalSecondaryIndexes',
      properties.GlobalSecondaryIndexes,
    ).map((raw, index): GlobalSecondaryIndex => {
      const where = `GlobalSecondaryIndexes[${index}]`;
      const gsi = record(logicalId, where, raw);
      return {
        IndexName: templateString(logicalId, `${where}.IndexName`, gsi.IndexName),
        KeySchema: keySchema(logicalId, `${where}.KeySchema`, gsi.KeySchema),
        Projection: projection(logicalId, `${where}.Projection`, gsi.Projection),
        ...(provisioned
          ? {
              ProvisionedThroughput: throughput(
                logicalId,
                `${where}.ProvisionedThroughput`,
                gsi.ProvisionedThroughput,
              ),
            }
          : {}),
      };
    });
  }
  if (properties.LocalSecondaryIndexes !== undefined) {
    createTable.LocalSecondaryIndexes = list(
      logicalId,
      'LocalSecondaryIndexes',
      properties.LocalSecondaryIndexes,
    ).map((raw, index): LocalSecondaryIndex => {
      const where = `LocalSecondaryIndexes[${index}]`;
      const lsi = record(logicalId, where, raw);
      return {
        IndexName: templateString(logicalId, `${where}.IndexName`, lsi.IndexName),
        KeySchema: keySchema(logicalId, `${where}.KeySchema`, lsi.KeySchema),
        Projection: projection(logicalId, `${where}.Projection`, lsi.Projection),
      };
    });
  }
  if (properties.StreamSpecification !== undefined) {
    const stream = record(logicalId, 'StreamSpecification', properties.StreamSpecification);
    const viewType = templateString(logicalId, 'StreamSpecification.StreamViewType', stream.StreamViewType);
    if (!['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'].includes(viewType)) {
      throw new UnsupportedTemplateValueError(
        logicalId,
        'StreamSpecification.StreamViewType',
        viewType,
        'unknown stream view type',
      );
    }
    createTable.StreamSpecification = { StreamEnabled: true, StreamViewType: viewType as StreamViewType };
  }
  const definition: LocalTableDefinition = {
    logicalId,
    createTable,
    ignoredProperties: Object.keys(properties).filter((key) => LOCALLY_IRRELEVANT.has(key)),
  };
  if (properties.TimeToLiveSpecification !== undefined) {
    const ttl = record(logicalId, 'TimeToLiveSpecification', properties.TimeToLiveSpecification);
    const enabled = templateBoolean(logicalId, 'TimeToLiveSpecification.Enabled', ttl.Enabled);
    if (enabled) {
      definition.timeToLive = {
        AttributeName: templateString(logicalId, 'TimeToLiveSpecification.AttributeName', ttl.AttributeName),
        Enabled: true,
      };
    }
  }
  return definition;
}

export interface CreatedTable {
  logicalId: string;
  tableName: string;
  status: 'created' | 'existing';
  /** Set when the table has a stream. */
  streamArn?: string;
  /** TTL attribute, when TTL is enabled. */
  timeToLiveAttribute?: string;
  ignoredProperties: string[];
}

export interface CreateTablesReport {
  created: string[];
  existing: string[];
  tables: CreatedTable[];
}

/**
 * Creates every `AWS::DynamoDB::Table` of a template's Resources in DynamoDB Local. Idempotent:
 * existing tables are left as they are (their data too) and reported as existing; TTL is enabled
 * on both new and existing tables when the template asks for it.
 */
export async function createTablesFromCloudFormation(
  endpoint: string,
  resources: CloudFormationResources,
): Promise<CreateTablesReport> {
  const definitions = resourcesOfType(resources, DYNAMODB_TABLE_TYPE).map(([logicalId, resource]) =>
    tableDefinitionFromCloudFormation(logicalId, resource.Properties ?? {}),
  );
  const client = new DynamoDBClient(localClientConfig(endpoint));
  try {
    const tables: CreatedTable[] = [];
    for (const definition of definitions) {
      tables.push(await ensureTable(client, definition));
    }
    return {
      created: tables.filter((table) => table.status === 'created').map((table) => table.tableName),
      existing: tables.filter((table) => table.status === 'existing').map((table) => table.tableName),
      tables,
    };
  } finally {
    client.destroy();
  }
}

async function ensureTable(client: DynamoDBClient, definition: LocalTableDefinition): Promise<CreatedTable> {
  const tableName = definition.createTable.TableName as string;
  let status: CreatedTable['status'] = 'existing';
  let description = await describe(client, tableName);
  if (description === undefined) {
    const created = await client.send(new CreateTableCommand(definition.createTable));
    description = created.TableDescription;
    status = 'created';
  }
  if (definition.timeToLive !== undefined) {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const ttl = current.TimeToLiveDescription;
    const alreadyOn =
      ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === definition.timeToLive.AttributeName;
    if (!alreadyOn) {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: definition.timeToLive }),
      );
    }
  }
  return {
    logicalId: definition.logicalId,
    tableName,
    status,
    ...(description?.LatestStreamArn === undefined ? {} : { streamArn: description.LatestStreamArn }),
    ...(definition.timeToLive === undefined
      ? {}
      : { timeToLiveAttribute: definition.timeToLive.AttributeName }),
    ignoredProperties: definition.ignoredProperties,
  };
}

async function describe(client: DynamoDBClient, tableName: string) {
  try {
    const result = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return result.Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function record(logicalId: string, property: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected an object');
  }
  return value as Record<string, unknown>;
}

function list(logicalId: string, property: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected a list');
  }
  return value;
}

function keySchema(logicalId: string, property: string, value: unknown): KeySchemaElement[] {
  const elements = list(logicalId, property, value).map((raw, index): KeySchemaElement => {
    const element = record(logicalId, `${property}[${index}]`, raw);
    const keyType = templateString(logicalId, `${property}[${index}].KeyType`, element.KeyType);
    if (keyType !== 'HASH' && keyType !== 'RANGE') {
      throw new UnsupportedTemplateValueError(
        logicalId,
        `${property}[${index}].KeyType`,
        keyType,
        'expected HASH or RANGE',
      );
    }
    return {
      AttributeName: templateString(logicalId, `${property}[${index}].AttributeName`, element.AttributeName),
      KeyType: keyType,
    };
  });
  if (elements.length === 0) {
    throw new UnsupportedTemplateValueError(logicalId, property, value, 'a key schema needs a HASH key');
  }
  return elements;
}

function attributeDefinitions(logicalId: string, value: unknown): AttributeDefinition[] {
  return list(logicalId, 'AttributeDefinitions', value).map((raw, index) => {
    const where = `AttributeDefinitions[${index}]`;
    const attribute = record(logicalId, where, raw);
    const type = templateString(logicalId, `${where}.AttributeType`, attribute.AttributeType);
    if (type !== 'S' && type !== 'N' && type !== 'B') {
      throw new UnsupportedTemplateValueError(
        logicalId,
        `${where}.AttributeType`,
        type,
        'expected S, N or B',
      );
    }
    return {
      AttributeName: templateString(logicalId, `${where}.AttributeName`, attribute.AttributeName),
      AttributeType: type,
    };
  });
}

function projection(logicalId: string, property: string, value: unknown): Projection {
  const raw = record(logicalId, property, value);
  const type =
    raw.ProjectionType === undefined
      ? 'ALL'
      : templateString(logicalId, `${property}.ProjectionType`, raw.ProjectionType);
  if (type !== 'ALL' && type !== 'KEYS_ONLY' && type !== 'INCLUDE') {
    throw new UnsupportedTemplateValueError(
      logicalId,
      `${property}.ProjectionType`,
      type,
      'expected ALL, KEYS_ONLY or INCLUDE',
    );
  }
  const result: Projection = { ProjectionType: type };
  if (raw.NonKeyAttributes !== undefined) {
    result.NonKeyAttributes = list(logicalId, `${property}.NonKeyAttributes`, raw.NonKeyAttributes).map(
      (name, index) => templateString(logicalId, `${property}.NonKeyAttributes[${index}]`, name),
    );
  }
  return result;
}

function throughput(logicalId: string, property: string, value: unknown): ProvisionedThroughput {
  if (value === undefined) return { ...DEFAULT_THROUGHPUT };
  const raw = record(logicalId, property, value);
  return {
    ReadCapacityUnits: templateNumber(logicalId, `${property}.ReadCapacityUnits`, raw.ReadCapacityUnits),
    WriteCapacityUnits: templateNumber(logicalId, `${property}.WriteCapacityUnits`, raw.WriteCapacityUnits),
  };
}
