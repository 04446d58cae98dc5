import {
  InventoryReleased,
  InventoryReservationFailed,
  InventoryReserved,
  rulePattern,
} from '@stratus/events';
import { packageService, type PackagedService } from '@stratus/serverless-config';
import {
  logicalIdsOfType,
  resourceProperties,
  resourcesOfType,
  roleActions,
  roleStatements,
} from '@stratus/serverless-config/testing';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ordersTableDefinition } from '../../src/adapters/dynamodb/orders-table';

const SERVICE_DIR = path.join(__dirname, '..', '..');
type Properties = Record<string, unknown>;

describe('orders stack packaged offline', () => {
  let dev: PackagedService;

  beforeAll(() => {
    dev = packageService(SERVICE_DIR, { stage: 'dev' });
  });
  afterAll(() => rmSync(dev.outputDir, { recursive: true, force: true }));

  it('declares the table exactly as the adapter and its tests use it, with the stream and TTL', () => {
    const table = resourceProperties(dev.template, 'OrdersTable');
    const definition = ordersTableDefinition('orders-dev');
    expect(table).toMatchObject({
      TableName: 'orders-dev',
      BillingMode: definition.BillingMode,
      KeySchema: definition.KeySchema,
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
      StreamSpecification: { StreamViewType: definition.StreamSpecification?.StreamViewType },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
    expect(new Set(table.AttributeDefinitions as unknown[])).toEqual(
      new Set(definition.AttributeDefinitions),
    );
  });

  it('relays only inserted outbox items from the stream, reporting partial failures, bisecting, with a DLQ', () => {
    expect(
      resourceProperties(dev.template, 'RelayOutboxEventSourceMappingDynamodbOrdersTable'),
    ).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['OutboxRelayDeadLetterQueue', 'Arn'] } },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { type: { S: ['OutboxEvent', 'OutboxCommand'] } } },
            }),
          },
        ],
      },
    });
  });

  it("routes exactly inventory's saga answers to the saga queue; every queue has a DLQ after 5 receives", () => {
    expect(resourceProperties(dev.template, 'InventoryOutcomesRule')).toMatchObject({
      EventBusName: { 'Fn::ImportValue': 'stratus-dev-EventBusName' },
      EventPattern: rulePattern(InventoryReserved, InventoryReservationFailed, InventoryReleased),
      Targets: [{ Arn: { 'Fn::GetAtt': ['SagaEventsQueue', 'Arn'] } }],
    });
    for (const [queue, dlq] of [
      ['SagaEventsQueue', 'SagaEventsDeadLetterQueue'],
      ['PaymentsQueue', 'PaymentsDeadLetterQueue'],
      ['NotificationsQueue', 'NotificationsDeadLetterQueue'],
    ] as const) {
      expect(resourceProperties(dev.template, queue)).toMatchObject({
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
      });
    }
    for (const id of [
      'InventoryEventsEventSourceMappingSQSSagaEventsQueue',
      'PaymentsEventSourceMappingSQSPaymentsQueue',
      'NotificationsEventSourceMappingSQSNotificationsQueue',
    ]) {
      expect(resourceProperties(dev.template, id)).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('gives each function only the permissions it uses', () => {
    expect(roleActions(dev.template, 'PlaceOrderIamRoleLambdaExecution')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(roleActions(dev.template, 'GetOrderIamRoleLambdaExecution')).toEqual(['dynamodb:GetItem']);
    expect(roleActions(dev.template, 'ListOrdersIamRoleLambdaExecution')).toEqual(['dynamodb:Query']);
    expect(
      roleStatements(dev.template, 'ListOrdersIamRoleLambdaExecution').find((s) =>
        s.Action.includes('dynamodb:Query'),
      )?.Resource,
    ).toEqual({ 'Fn::Sub': '${OrdersTable.Arn}/index/orders-by-customer' });
    // Even the functions that need nothing have a role of their own: the framework's shared role
    // holds the event sources' stream and queue permissions.
    for (const fn of ['Health', 'Authorize']) {
      expect(resourceProperties(dev.template, `${fn}LambdaFunction`).Role).toEqual({
        'Fn::GetAtt': [`${fn}IamRoleLambdaExecution`, 'Arn'],
      });
      expect(roleActions(dev.template, `${fn}IamRoleLambdaExecution`)).toEqual([]);
    }
    expect(roleActions(dev.template, 'PaymentsIamRoleLambdaExecution')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'secretsmanager:GetSecretValue',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'ssm:GetParameter',
    ]);
    expect(roleActions(dev.template, 'RelayOutboxIamRoleLambdaExecution')).toEqual(
      expect.arrayContaining(['events:PutEvents', 'sqs:SendMessage', 'dynamodb:GetRecords']),
    );
    expect(
      roleActions(dev.template, 'RelayOutboxIamRoleLambdaExecution').filter(
        (action) => action.startsWith('dynamodb:') && !/Records|Shard|Stream/.test(action),
      ),
    ).toEqual([]);
    expect(roleActions(dev.template, 'NotificationsIamRoleLambdaExecution')).toEqual([
      'ses:SendEmail',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
  });

  it('puts the order routes behind the JWT authorizer and an API key, /health behind neither', () => {
    for (const id of [
      'ApiGatewayMethodOrdersPost',
      'ApiGatewayMethodOrdersGet',
      'ApiGatewayMethodOrdersOrderidVarGet',
      'ApiGatewayMethodOrdersOrderidVarCancelPost',
    ]) {
      expect(resourceProperties(dev.template, id)).toMatchObject({
        ApiKeyRequired: true,
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: 'AuthorizeApiGatewayAuthorizer' },
      });
    }
    expect(resourceProperties(dev.template, 'ApiGatewayMethodHealthGet')).toMatchObject({
      ApiKeyRequired: false,
      AuthorizationType: 'NONE',
    });
  });

  it('has two usage-plan tiers with rate, burst and quota, each with its key', () => {
    const plans = Object.fromEntries(
      resourcesOfType(dev.template, 'AWS::ApiGateway::UsagePlan').map((plan) => [
        plan.UsagePlanName as string,
        { throttle: plan.Throttle, quota: plan.Quota },
      ]),
    );
    expect(plans).toEqual({
      'orders-standard-dev': {
        throttle: { RateLimit: 50, BurstLimit: 100 },
        quota: { Limit: 100000, Period: 'DAY' },
      },
      'orders-partner-dev': {
        throttle: { RateLimit: 1000, BurstLimit: 2000 },
        quota: { Limit: 50000000, Period: 'MONTH' },
      },
    });
    expect(resourcesOfType(dev.template, 'AWS::ApiGateway::ApiKey')).toHaveLength(2);
    expect(resourcesOfType(dev.template, 'AWS::ApiGateway::UsagePlanKey')).toHaveLength(2);
  });

  it('deploys the user-facing functions as canaries on a live alias, rolled back by their alarms', () => {
    const groups = logicalIdsOfType(dev.template, 'AWS::CodeDeploy::DeploymentGroup').sort();
    expect(groups).toEqual([
      'CancelOrderLambdaFunctionDeploymentGroup',
      'GetOrderLambdaFunctionDeploymentGroup',
      'ListOrdersLambdaFunctionDeploymentGroup',
      'PlaceOrderLambdaFunctionDeploymentGroup',
    ]);
    expect(resourceProperties(dev.template, 'PlaceOrderLambdaFunctionDeploymentGroup')).toMatchObject({
      AlarmConfiguration: { Alarms: [{ Name: { Ref: 'PlaceOrderErrorsAlarm' } }], Enabled: true },
    });
    const integration = resourceProperties(dev.template, 'ApiGatewayMethodOrdersPost').Integration as {
      Uri: unknown;
    };
    expect(JSON.stringify(integration.Uri)).toContain('PlaceOrderLambdaFunctionAliaslive');
  });

  it('alarms on DLQ depth, worker errors, throttles, stream lag and API errors, and has a dashboard', () => {
    const alarms = logicalIdsOfType(dev.template, 'AWS::CloudWatch::Alarm');
    expect(alarms).toEqual(
      expect.arrayContaining([
        'DeadLetterQueuesAlarm',
        'WorkerErrorsAlarm',
        'FunctionThrottlesAlarm',
        'OutboxRelayIteratorAgeAlarm',
        'ApiServerErrorsAlarm',
        'PlaceOrderErrorsAlarm',
      ]),
    );
    const body = JSON.stringify(resourceProperties(dev.template, 'Dashboard').DashboardBody);
    for (const metric of ['OrdersPlaced', 'OrdersConfirmed', 'OrdersCancelled', 'IteratorAge'])
      expect(body).toContain(metric);
  });

  it('tells functions the names of secrets and parameters, never their values', () => {
    const env = (
      resourceProperties(dev.template, 'PaymentsLambdaFunction').Environment as { Variables: Properties }
    ).Variables;
    expect(env).toMatchObject({
      PAYMENT_PROVIDER: 'simulated',
      PAYMENT_PROVIDER_SECRET_NAME: 'stratus/dev/orders/payment-provider',
      PAYMENT_DECLINE_RULES_PARAMETER: '/stratus/dev/orders/payment-decline-rules',
      ORDERS_TABLE_NAME: { Ref: 'OrdersTable' },
    });
    expect(JSON.stringify(env)).not.toMatch(/apiKey|merchantId/);
  });

  it('keeps every function zip within 250 KB', () => {
    expect(dev.zips.sort()).toEqual([
      'authorize.zip',
      'cancelOrder.zip',
      'expireOrders.zip',
      'getOrder.zip',
      'health.zip',
      'inventoryEvents.zip',
      'listOrders.zip',
      'notifications.zip',
      'payments.zip',
      'placeOrder.zip',
      'relayOutbox.zip',
    ]);
    for (const zip of dev.zips)
      expect(statSync(path.join(dev.outputDir, zip)).size).toBeLessThanOrEqual(250 * 1024);
  });
});
