import path from 'node:path';
import { LocalCloudConfigErrors } from '../../src/config/config-error';
import { deriveService } from '../../src/config/derive-service';
import type { DeriveServiceOptions } from '../../src/config/derive-service';
import { linkServices } from '../../src/config/link-services';
import type { ServerlessConfiguration } from '../../src/config/serverless-configuration';
import { validatePattern } from '../../src/eventbridge';

const serviceDir = '/repo/services/orders';
const existing = new Set([
  `${serviceDir}/src/handlers/place-order.ts`,
  `${serviceDir}/src/handlers/reserve.ts`,
  `${serviceDir}/src/handlers/nightly.ts`,
]);

const patternValidator = (pattern: unknown) => {
  const result = validatePattern(pattern);
  return result.valid ? undefined : result.message;
};

function derive(configuration: ServerlessConfiguration, overrides: Partial<DeriveServiceOptions> = {}) {
  return deriveService({
    configuration,
    serviceDir,
    fileExists: (file) => existing.has(file),
    validatePattern: patternValidator,
    queueUrl: (name) => `http://127.0.0.1:9324/000000000000/${name}`,
    ...overrides,
  });
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof LocalCloudConfigErrors) return error.errors.map((entry) => entry.message);
    throw error;
  }
  throw new Error('expected configuration errors');
}

/** What `serverless print --stage local --format json` gives for a typical service. */
function ordersConfiguration(): ServerlessConfiguration {
  return {
    service: 'orders',
    provider: {
      name: 'aws',
      stage: 'local',
      timeout: 10,
      environment: {
        EVENT_BUS_NAME: 'stratus-local',
        ORDERS_TABLE: { Ref: 'OrdersTable' },
        REGION_AND_STACK: { 'Fn::Sub': '${AWS::Region}/${AWS::StackName}' },
      },
    },
    functions: {
      placeOrder: {
        handler: 'src/handlers/place-order.handler',
        name: 'orders-local-placeOrder',
        environment: {
          QUEUE_URL: { Ref: 'ReservationsQueue' },
          QUEUE_ARN: { 'Fn::GetAtt': ['ReservationsQueue', 'Arn'] },
        },
        events: [{ httpApi: { method: 'post', path: '/orders' } }, { httpApi: 'GET /orders/{id}' }],
      },
      reserve: {
        handler: 'src/handlers/reserve.handler',
        name: 'orders-local-reserve',
        timeout: 30,
        events: [
          {
            sqs: {
              arn: { 'Fn::GetAtt': ['ReservationsQueue', 'Arn'] },
              batchSize: 25,
              maximumBatchingWindow: 2,
              functionResponseType: 'ReportBatchItemFailures',
            },
          },
          {
            eventBridge: {
              eventBus: 'arn:aws:events:us-east-1:000000000000:event-bus/stratus-local',
              pattern: { source: ['stratus.inventory'], 'detail-type': ['InventoryReserved'] },
              inputPath: '$.detail',
              retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 },
              deadLetterQueueArn: { 'Fn::GetAtt': ['ReservationsDeadLetterQueue', 'Arn'] },
            },
          },
          {
            stream: {
              type: 'dynamodb',
              arn: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] },
              batchSize: 10,
              batchWindow: 3,
              startingPosition: 'LATEST',
              filterPatterns: [{ eventName: ['INSERT'] }],
            },
          },
          { iot: { sql: "SELECT * FROM 'devices/+/telemetry' WHERE temperature > 50", name: 'hotDevices' } },
        ],
      },
      nightly: {
        handler: 'src/handlers/nightly.handler',
        name: 'orders-local-nightly',
        events: [
          { schedule: { rate: ['cron(0 2 * * ? *)', 'rate(6 hours)'], input: { kind: 'nightly' } } },
          {
            s3: {
              bucket: 'orders-local-exports',
              event: 's3:ObjectCreated:*',
              rules: [{ prefix: 'in/' }, { suffix: '.csv' }],
            },
          },
        ],
      },
    },
    resources: {
      Resources: {
        OrdersTable: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: 'orders-local-orders',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
          },
        },
        ReservationsQueue: {
          Type: 'AWS::SQS::Queue',
          Properties: {
            VisibilityTimeout: 60,
            RedrivePolicy: {
              deadLetterTargetArn: { 'Fn::GetAtt': ['ReservationsDeadLetterQueue', 'Arn'] },
              maxReceiveCount: 3,
            },
          },
        },
        ReservationsDeadLetterQueue: {
          Type: 'AWS::SQS::Queue',
          Properties: { QueueName: 'orders-local-reservations-dlq' },
        },
        MediaBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
          },
        },
        OrderPlacedToQueue: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventBusName: 'stratus-local',
            EventPattern: { source: ['stratus.orders'], 'detail-type': ['OrderPlaced'] },
            Targets: [
              {
                Id: 'queue',
                Arn: { 'Fn::GetAtt': ['ReservationsQueue', 'Arn'] },
                InputTransformer: {
                  InputPathsMap: { id: '$.detail.metadata.eventId' },
                  InputTemplate: '{"id": <id>}',
                },
              },
              { Id: 'saga', Arn: { Ref: 'OrderSagaStateMachine' } },
            ],
          },
        },
        AlarmTopic: { Type: 'AWS::SNS::Topic', Properties: {} },
      },
      Outputs: {
        OrdersTableName: { Value: { Ref: 'OrdersTable' }, Export: { Name: 'orders-local-OrdersTableName' } },
      },
    },
    stepFunctions: {
      stateMachines: {
        orderSaga: {
          id: 'OrderSagaStateMachine',
          name: 'orders-local-saga',
          definition: {
            StartAt: 'Reserve',
            States: {
              Reserve: { Type: 'Task', Resource: { 'Fn::GetAtt': ['reserve', 'Arn'] }, Next: 'Place' },
              Place: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: {
                  FunctionName: { 'Fn::GetAtt': ['PlaceOrderLambdaFunction', 'Arn'] },
                  'Payload.$': '$',
                },
                End: true,
              },
            },
          },
          events: [{ schedule: 'rate(1 hour)' }],
        },
      },
    },
  };
}

describe('deriveService', () => {
  const service = derive(ordersConfiguration());

  it('names the service, stage and functions as osls deploys them', () => {
    expect(service).toMatchObject({
      name: 'orders',
      stage: 'local',
      stackName: 'orders-local',
      configFile: path.join(serviceDir, 'serverless.yml'),
    });
    expect(service.functions.map((fn) => [fn.key, fn.name, fn.timeoutSeconds])).toEqual([
      ['placeOrder', 'orders-local-placeOrder', 10],
      ['reserve', 'orders-local-reserve', 30],
      ['nightly', 'orders-local-nightly', 10],
    ]);
    expect(service.functions[0]?.handlerFile).toBe(`${serviceDir}/src/handlers/place-order.ts`);
    expect(service.functions[0]?.httpRoutes).toEqual(['POST /orders', 'GET /orders/{id}']);
  });

  it('resolves Ref, GetAtt and Sub in environments to local names, URLs and ARNs', () => {
    expect(service.functions[0]?.environment).toEqual({
      EVENT_BUS_NAME: 'stratus-local',
      ORDERS_TABLE: 'orders-local-orders',
      REGION_AND_STACK: 'us-east-1/orders-local',
      QUEUE_URL: 'http://127.0.0.1:9324/000000000000/orders-local-ReservationsQueue',
      QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:orders-local-ReservationsQueue',
    });
  });

  it('derives tables with names filled in and queues with local redrive ARNs', () => {
    expect(service.tables).toEqual([
      expect.objectContaining({
        logicalId: 'OrdersTable',
        name: 'orders-local-orders',
        streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/orders-local-orders/stream/local',
        properties: expect.objectContaining({
          TableName: 'orders-local-orders',
          BillingMode: 'PAY_PER_REQUEST',
        }),
      }),
    ]);
    expect(service.queues.map((queue) => [queue.logicalId, queue.name])).toEqual([
      ['ReservationsQueue', 'orders-local-ReservationsQueue'],
      ['ReservationsDeadLetterQueue', 'orders-local-reservations-dlq'],
    ]);
    expect(service.queues[0]?.properties).toEqual({
      QueueName: 'orders-local-ReservationsQueue',
      VisibilityTimeout: 60,
      RedrivePolicy: {
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:orders-local-reservations-dlq',
        maxReceiveCount: 3,
      },
    });
  });

  it('derives buckets, lower-casing generated names, and keeps EventBridge notifications', () => {
    expect(service.buckets).toEqual([
      { logicalId: 'MediaBucket', name: 'orders-local-mediabucket', eventBridgeEnabled: true },
      { name: 'orders-local-exports', eventBridgeEnabled: false },
    ]);
    expect(service.s3Triggers).toEqual([
      expect.objectContaining({
        functionName: 'orders-local-nightly',
        bucket: 'orders-local-exports',
        event: 's3:ObjectCreated:*',
        prefix: 'in/',
        suffix: '.csv',
      }),
    ]);
  });

  it('derives rules from function eventBridge events and AWS::Events::Rule resources', () => {
    expect(service.rules).toEqual([
      {
        name: 'orders-local-OrderPlacedToQueue',
        busName: 'stratus-local',
        eventPattern: { source: ['stratus.orders'], 'detail-type': ['OrderPlaced'] },
        targets: [
          {
            id: 'queue',
            kind: 'sqs',
            queueName: 'orders-local-ReservationsQueue',
            arn: 'arn:aws:sqs:us-east-1:000000000000:orders-local-ReservationsQueue',
            inputTransformer: {
              inputTemplate: '{"id": <id>}',
              inputPathsMap: { id: '$.detail.metadata.eventId' },
            },
          },
          {
            id: 'saga',
            kind: 'state-machine',
            stateMachineName: 'orders-local-saga',
            arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-local-saga',
          },
        ],
        declaredAt: 'resources.Resources.OrderPlacedToQueue',
      },
      {
        name: 'orders-local-reserve-rule-1',
        busName: 'stratus-local',
        eventPattern: { source: ['stratus.inventory'], 'detail-type': ['InventoryReserved'] },
        targets: [
          {
            id: 'reserveTarget',
            kind: 'lambda',
            functionName: 'orders-local-reserve',
            arn: 'arn:aws:lambda:us-east-1:000000000000:function:orders-local-reserve',
            inputPath: '$.detail',
            deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:orders-local-reservations-dlq',
            retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 },
          },
        ],
        declaredAt: 'functions.reserve.events[1].eventBridge',
      },
    ]);
  });

  it('derives SQS and DynamoDB stream triggers with their batching settings', () => {
    expect(service.sqsTriggers).toEqual([
      {
        functionKey: 'reserve',
        functionName: 'orders-local-reserve',
        queueName: 'orders-local-ReservationsQueue',
        queueArn: 'arn:aws:sqs:us-east-1:000000000000:orders-local-ReservationsQueue',
        batchSize: 25,
        maximumBatchingWindowSeconds: 2,
        reportBatchItemFailures: true,
        enabled: true,
        declaredAt: 'functions.reserve.events[0].sqs',
      },
    ]);
    expect(service.streamTriggers).toEqual([
      expect.objectContaining({
        functionName: 'orders-local-reserve',
        tableName: 'orders-local-orders',
        batchSize: 10,
        maximumBatchingWindowSeconds: 3,
        startingPosition: 'LATEST',
        filterPatterns: [{ eventName: ['INSERT'] }],
      }),
    ]);
  });

  it('reads the batching window of a stream event from batchWindow, the key osls accepts for streams', () => {
    const configuration = ordersConfiguration();
    const reserve = configuration.functions?.reserve as { events: Record<string, unknown>[] };
    reserve.events = [
      {
        stream: {
          type: 'dynamodb',
          arn: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] },
          maximumBatchingWindow: 5,
        },
      },
    ];
    const derived = derive(configuration);
    expect(derived.streamTriggers.map((trigger) => trigger.maximumBatchingWindowSeconds)).toEqual([0]);
    expect(derived.warnings).toContainEqual(
      expect.stringContaining('functions.reserve.events[0].stream.maximumBatchingWindow'),
    );
  });

  it('derives schedules of functions and state machines, one per rate', () => {
    expect(
      service.schedules.map((schedule) => [
        schedule.id,
        schedule.expression,
        schedule.target.kind,
        schedule.target.input,
      ]),
    ).toEqual([
      ['nightly', 'cron(0 2 * * ? *)', 'lambda', '{"kind":"nightly"}'],
      ['nightly#2', 'rate(6 hours)', 'lambda', '{"kind":"nightly"}'],
      ['orderSaga', 'rate(1 hour)', 'state-machine', undefined],
    ]);
  });

  it('derives IoT topic rules from iot events', () => {
    expect(service.topicRules).toEqual([
      {
        name: 'hotDevices',
        sql: "SELECT * FROM 'devices/+/telemetry' WHERE temperature > 50",
        functionName: 'orders-local-reserve',
        declaredAt: 'functions.reserve.events[3].iot',
      },
    ]);
  });

  it('resolves Lambda tasks of state machine definitions, including function keys', () => {
    expect(service.stateMachines).toEqual([
      expect.objectContaining({
        logicalId: 'OrderSagaStateMachine',
        key: 'orderSaga',
        name: 'orders-local-saga',
        arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-local-saga',
      }),
    ]);
    const states = service.stateMachines[0]?.definition.States as Record<
      string,
      { Resource: string; Parameters?: { FunctionName: string } }
    >;
    expect(states.Reserve?.Resource).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:orders-local-reserve',
    );
    expect(states.Place?.Parameters?.FunctionName).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:orders-local-placeOrder',
    );
  });

  it('exports Outputs for other services and links across services', () => {
    expect(service.exports).toEqual({ 'orders-local-OrdersTableName': 'orders-local-orders' });
    const consumer = derive(
      {
        service: 'reports',
        provider: {
          stage: 'local',
          environment: { ORDERS_TABLE: { 'Fn::ImportValue': 'orders-local-OrdersTableName' } },
        },
        functions: { nightly: { handler: 'src/handlers/nightly.handler' } },
      },
      { exports: new Map(Object.entries(service.exports)) },
    );
    expect(consumer.functions[0]?.environment.ORDERS_TABLE).toBe('orders-local-orders');
    const plan = linkServices([service, consumer]);
    expect(plan.functionsByName.get('reports-local-nightly')?.service.name).toBe('reports');
    expect(plan.busNames).toEqual(new Set(['default', 'stratus-local']));
  });
});

describe('deriveService refuses bad configuration, naming service, file and problem', () => {
  it('reports a missing handler file with the handler path', () => {
    const configuration = ordersConfiguration();
    configuration.functions!.placeOrder!.handler = 'src/handlers/missing.handler';
    const [problem, ...others] = problemsOf(() => derive(configuration));
    expect(others).toEqual([]);
    expect(problem).toContain('[orders]');
    expect(problem).toContain(`${serviceDir}/src/handlers/missing.ts`);
    expect(problem).toContain("handler file of function 'placeOrder' not found");
  });

  it('reports a malformed pattern with where it is declared', () => {
    const configuration = ordersConfiguration();
    const rule = configuration.resources!.Resources!.OrderPlacedToQueue!;
    rule.Properties!.EventPattern = { source: [{ prefix: 42 }] };
    const problems = problemsOf(() => derive(configuration));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\[orders\] .*serverless\.yml: resources\.Resources\.OrderPlacedToQueue\.Properties\.EventPattern: malformed event pattern/,
    );
  });

  it('reports a pattern that is not JSON', () => {
    const configuration = ordersConfiguration();
    configuration.resources!.Resources!.OrderPlacedToQueue!.Properties!.EventPattern = '{"source": [';
    expect(problemsOf(() => derive(configuration))[0]).toContain('malformed event pattern, not JSON');
  });

  it('reports a target of a kind the local cloud cannot deliver to', () => {
    const configuration = ordersConfiguration();
    configuration.resources!.Resources!.OrderPlacedToQueue!.Properties!.Targets = [
      { Id: 'alarm', Arn: { Ref: 'AlarmTopic' } },
    ];
    expect(problemsOf(() => derive(configuration))[0]).toContain(
      "Ref 'AlarmTopic': no resource with that logical id is created locally",
    );
    configuration.resources!.Resources!.OrderPlacedToQueue!.Properties!.Targets = [
      { Id: 'topic', Arn: 'arn:aws:sns:us-east-1:000000000000:alarms' },
    ];
    expect(problemsOf(() => derive(configuration))[0]).toContain(
      'unknown target "arn:aws:sns:us-east-1:000000000000:alarms"',
    );
  });

  it('reports a target that no service defines when linking', () => {
    const configuration = ordersConfiguration();
    configuration.resources!.Resources!.OrderPlacedToQueue!.Properties!.Targets = [
      { Id: 'other', Arn: 'arn:aws:sqs:us-east-1:000000000000:nobody-has-this' },
    ];
    const service = derive(configuration);
    const problems = problemsOf(() => linkServices([service]));
    expect(problems).toEqual([
      expect.stringContaining(
        "resources.Resources.OrderPlacedToQueue (rule 'orders-local-OrderPlacedToQueue', target 'other'): unknown target queue 'nobody-has-this'",
      ),
    ]);
    expect(problems[0]).toMatch(/^\[orders\] /);
  });

  it('reports IoT rule SQL the rules engine would refuse', () => {
    const configuration = ordersConfiguration();
    const problems = problemsOf(() =>
      derive(configuration, {
        validateTopicRuleSql: (sql) => (sql.includes('WHERE') ? 'WHERE needs a condition' : undefined),
      }),
    );
    expect(problems).toEqual([
      expect.stringContaining('functions.reserve.events[3].iot.sql: WHERE needs a condition'),
    ]);
  });

  it('reports intrinsics that cannot be resolved, unknown buses and bad schedules', () => {
    const configuration = ordersConfiguration();
    configuration.provider.environment!.SECRET = { 'Fn::If': ['IsProd', 'a', 'b'] };
    configuration.functions!.nightly!.events = [{ schedule: 'every day' }];
    const problems = problemsOf(() => derive(configuration));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('provider.environment.SECRET: Fn::If is not supported locally'),
        expect.stringContaining(
          'functions.nightly.events[0].schedule.rate: expected rate(...) or cron(...), got "every day"',
        ),
      ]),
    );
    const busConfiguration = ordersConfiguration();
    busConfiguration.resources!.Resources!.OrderPlacedToQueue!.Properties!.EventBusName = 'no-such-bus';
    expect(problemsOf(() => linkServices([derive(busConfiguration)]))[0]).toContain(
      "listens on unknown event bus 'no-such-bus'",
    );
  });
});
