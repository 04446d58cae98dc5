import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  JavaNotFoundError,
  findJava,
  tableDefinitionFromCloudFormation,
} from '../../../src/emulators/dynamodb';
import { UnsupportedTemplateValueError } from '../../../src/emulators/support/cloudformation';
import resources from '../fixtures/orders-table.json';

describe('tableDefinitionFromCloudFormation', () => {
  it('maps keys, indexes, stream and TTL of a PAY_PER_REQUEST table and sets aside AWS-only properties', () => {
    const definition = tableDefinitionFromCloudFormation('OrdersTable', resources.OrdersTable.Properties);

    expect(definition.createTable).toEqual({
      TableName: 'stratus-local-orders',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: resources.OrdersTable.Properties.AttributeDefinitions,
      KeySchema: resources.OrdersTable.Properties.KeySchema,
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byCreatedAt',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(definition.timeToLive).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(definition.ignoredProperties).toEqual(['PointInTimeRecoverySpecification', 'Tags']);
  });

  it('names a table without TableName after its logical id and reads capacities given as strings', () => {
    const definition = tableDefinitionFromCloudFormation(
      'IdempotencyTable',
      resources.IdempotencyTable.Properties,
    );

    expect(definition.createTable.TableName).toBe('IdempotencyTable');
    expect(definition.createTable.BillingMode).toBe('PROVISIONED');
    expect(definition.createTable.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 2,
      WriteCapacityUnits: 3,
    });
    expect(definition.timeToLive).toBeUndefined();
  });

  it('gives PROVISIONED tables and their indexes a default capacity when the template names none', () => {
    const definition = tableDefinitionFromCloudFormation('T', {
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        { IndexName: 'i', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], Projection: {} },
      ],
    });

    expect(definition.createTable.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
    expect(definition.createTable.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
    expect(definition.createTable.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({ ProjectionType: 'ALL' });
  });

  it('leaves TTL off when the template disables it', () => {
    const definition = tableDefinitionFromCloudFormation('T', {
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: 'false' },
    });

    expect(definition.timeToLive).toBeUndefined();
  });

  it('names the logical id and property of an unresolved intrinsic function', () => {
    expect(() =>
      tableDefinitionFromCloudFormation('OrdersTable', {
        ...resources.OrdersTable.Properties,
        TableName: { 'Fn::Sub': '${AWS::StackName}-orders' },
      }),
    ).toThrow(UnsupportedTemplateValueError);
    expect(() =>
      tableDefinitionFromCloudFormation('OrdersTable', {
        ...resources.OrdersTable.Properties,
        TableName: { Ref: 'Name' },
      }),
    ).toThrow(/^OrdersTable\.TableName: expected a plain string; resolve intrinsic functions/);
  });

  it('rejects unknown properties, bad key types and bad stream view types by name', () => {
    const base = resources.IdempotencyTable.Properties;
    expect(() => tableDefinitionFromCloudFormation('T', { ...base, Colour: 'blue' })).toThrow(
      /T\.Colour: unknown AWS::DynamoDB::Table properties/,
    );
    expect(() =>
      tableDefinitionFromCloudFormation('T', {
        ...base,
        KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }],
      }),
    ).toThrow(/T\.KeySchema\[0\]\.KeyType: expected HASH or RANGE/);
    expect(() =>
      tableDefinitionFromCloudFormation('T', {
        ...base,
        StreamSpecification: { StreamViewType: 'EVERYTHING' },
      }),
    ).toThrow(/T\.StreamSpecification\.StreamViewType: unknown stream view type/);
    expect(() => tableDefinitionFromCloudFormation('T', { ...base, KeySchema: [] })).toThrow(
      /needs a HASH key/,
    );
  });
});

describe('findJava', () => {
  it('says to install Java 17 when PATH has no java', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-java-'));
    expect(() => findJava(undefined, empty)).toThrow(JavaNotFoundError);
    expect(() => findJava(undefined, empty)).toThrow(/Java 17.*apt-get install openjdk-17-jre-headless/s);
  });

  it('finds an executable java on PATH and skips a directory named java', () => {
    const first = mkdtempSync(path.join(os.tmpdir(), 'java-dir-'));
    mkdirSync(path.join(first, 'java'));
    const second = mkdtempSync(path.join(os.tmpdir(), 'java-bin-'));
    writeFileSync(path.join(second, 'java'), '#!/bin/sh\n');
    chmodSync(path.join(second, 'java'), 0o755);

    expect(findJava(undefined, [first, second].join(path.delimiter))).toBe(path.join(second, 'java'));
  });

  it('rejects an explicit path that is not executable', () => {
    expect(() => findJava('/nonexistent/bin/java')).toThrow(
      /\/nonexistent\/bin\/java is not an executable file/,
    );
  });
});
