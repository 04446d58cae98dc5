import { OrderCancelled, OrderConfirmed, OrderPlaced, rulePattern } from '@stratus/events';
import { packageService, type PackagedService } from '@stratus/serverless-config';
import { resourceProperties, roleActions, roleStatements } from '@stratus/serverless-config/testing';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { inventoryTableDefinition } from '../../src/adapters/dynamodb/inventory-table';

const SERVICE_DIR = path.join(__dirname, '..', '..');
type Properties = Record<string, unknown>;

describe('inventory stack packaged offline', () => {
  let dev: PackagedService;

  beforeAll(() => {
    dev = packageService(SERVICE_DIR, { stage: 'dev' });
  });
  afterAll(() => rmSync(dev.outputDir, { recursive: true, force: true }));

  it('declares the table exactly as the adapter and its tests use it, with TTL', () => {
    const table = resourceProperties(dev.template, 'InventoryTable');
    const definition = inventoryTableDefinition('inventory-dev');
    expect(table).toMatchObject({
      TableName: 'inventory-dev',
      BillingMode: definition.BillingMode,
      KeySchema: definition.KeySchema,
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
    expect(new Set(table.AttributeDefinitions as unknown[])).toEqual(
      new Set(definition.AttributeDefinitions),
    );
  });

  it('routes exactly the saga events inventory handles to its queue, with a DLQ after 5 receives', () => {
    expect(resourceProperties(dev.template, 'OrderEventsRule')).toMatchObject({
      EventBusName: { 'Fn::ImportValue': 'stratus-dev-EventBusName' },
      EventPattern: rulePattern(OrderPlaced, OrderCancelled, OrderConfirmed),
      Targets: [{ Arn: { 'Fn::GetAtt': ['OrderEventsQueue', 'Arn'] } }],
    });
    expect(resourceProperties(dev.template, 'OrderEventsQueue')).toMatchObject({
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['OrderEventsDeadLetterQueue', 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    expect(
      resourceProperties(dev.template, 'OrderEventsEventSourceMappingSQSOrderEventsQueue'),
    ).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });

  it('gives each function only the permissions it uses', () => {
    expect(roleActions(dev.template, 'GetStockIamRoleLambdaExecution')).toEqual(['dynamodb:BatchGetItem']);
    expect(roleActions(dev.template, 'OrderEventsIamRoleLambdaExecution')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'events:PutEvents',
      // Added by the framework for the SQS event source, on that queue only.
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    const sqs = roleStatements(dev.template, 'OrderEventsIamRoleLambdaExecution').filter((s) =>
      s.Action.some((a) => a.startsWith('sqs:')),
    );
    expect(sqs.map((s) => s.Resource)).toEqual([[{ 'Fn::GetAtt': ['OrderEventsQueue', 'Arn'] }]]);
    expect(roleActions(dev.template, 'ExpireHoldsIamRoleLambdaExecution')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'events:PutEvents',
    ]);
  });

  it("gives the authorizer a role of its own with only logs and X-Ray, not the framework's shared role", () => {
    // The shared role carries the queue permissions of the event sources (sqs:ReceiveMessage on
    // the order events queue); a function that only checks tokens must not hold them.
    expect(resourceProperties(dev.template, 'AuthorizeLambdaFunction').Role).toEqual({
      'Fn::GetAtt': ['AuthorizeIamRoleLambdaExecution', 'Arn'],
    });
    const actions = roleStatements(dev.template, 'AuthorizeIamRoleLambdaExecution').flatMap(
      (statement) => statement.Action,
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))).toEqual(
      [],
    );
    expect(actions).toEqual(expect.arrayContaining(['xray:PutTraceSegments', 'logs:PutLogEvents']));
  });

  it('puts both routes behind the JWT authorizer', () => {
    for (const id of ['ApiGatewayMethodInventorySkuVarGet', 'ApiGatewayMethodInventorySkuVarPut']) {
      expect(resourceProperties(dev.template, id)).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: 'AuthorizeApiGatewayAuthorizer' },
      });
    }
    expect(resourceProperties(dev.template, 'AuthorizeApiGatewayAuthorizer')).toMatchObject({
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
    });
  });

  it('tells every function where its table is, and alarms on the DLQ', () => {
    const env = (
      resourceProperties(dev.template, 'OrderEventsLambdaFunction').Environment as { Variables: Properties }
    ).Variables;
    expect(env).toMatchObject({
      INVENTORY_TABLE_NAME: { Ref: 'InventoryTable' },
      RESERVATION_HOLD_SECONDS: '900',
    });
    expect(resourceProperties(dev.template, 'OrderEventsDeadLetterAlarm')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
  });

  it('keeps every function zip within 250 KB', () => {
    expect(dev.zips.sort()).toEqual([
      'authorize.zip',
      'expireHolds.zip',
      'getStock.zip',
      'orderEvents.zip',
      'putStock.zip',
    ]);
    for (const zip of dev.zips)
      expect(statSync(path.join(dev.outputDir, zip)).size).toBeLessThanOrEqual(250 * 1024);
  });
});
