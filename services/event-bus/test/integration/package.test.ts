import { rmSync } from 'node:fs';
import path from 'node:path';
import { catalog, eventJsonSchema, schemaName, SCHEMA_REGISTRY_TYPE } from '@stratus/events';
import { packageService, type PackagedService } from '@stratus/serverless-config';
import { onlyResourceOfType, resourcesOfType } from '@stratus/serverless-config/testing';

const SERVICE_DIR = path.join(__dirname, '..', '..');

describe('event-bus stack packaged offline without AWS credentials', () => {
  let dev: PackagedService;
  let prod: PackagedService;

  beforeAll(() => {
    dev = packageService(SERVICE_DIR, { stage: 'dev' });
    prod = packageService(SERVICE_DIR, { stage: 'prod' });
  });
  afterAll(() => {
    for (const packaged of [dev, prod])
      if (packaged) rmSync(packaged.outputDir, { recursive: true, force: true });
  });

  it('creates the custom bus stratus-<stage>', () => {
    expect(onlyResourceOfType(dev.template, 'AWS::Events::EventBus')).toEqual({ Name: 'stratus-dev' });
    expect(onlyResourceOfType(prod.template, 'AWS::Events::EventBus')).toEqual({ Name: 'stratus-prod' });
  });

  it('archives every event of the bus with the retention of the stage', () => {
    expect(onlyResourceOfType(dev.template, 'AWS::Events::Archive')).toMatchObject({
      SourceArn: { 'Fn::GetAtt': ['EventBus', 'Arn'] },
      RetentionDays: 7,
    });
    expect(onlyResourceOfType(prod.template, 'AWS::Events::Archive')).toMatchObject({ RetentionDays: 365 });
  });

  it('holds one registry schema per catalog contract, generated from the catalog', () => {
    expect(onlyResourceOfType(dev.template, 'AWS::EventSchemas::Registry')).toMatchObject({
      RegistryName: 'stratus-dev',
    });
    const schemas = resourcesOfType(dev.template, 'AWS::EventSchemas::Schema');
    expect(schemas.map((schema) => schema.SchemaName).sort()).toEqual(catalog.map(schemaName).sort());
    for (const contract of catalog) {
      const schema = schemas.find((candidate) => candidate.SchemaName === schemaName(contract));
      expect(schema).toMatchObject({
        RegistryName: { 'Fn::GetAtt': ['SchemaRegistry', 'RegistryName'] },
        Type: SCHEMA_REGISTRY_TYPE,
      });
      expect(JSON.parse(schema?.Content as string)).toEqual(eventJsonSchema(contract));
    }
  });

  it('uses a schema type and draft the registry accepts', () => {
    for (const schema of resourcesOfType(dev.template, 'AWS::EventSchemas::Schema')) {
      expect(['OpenApi3', 'JSONSchemaDraft4']).toContain(schema.Type);
      expect(JSON.parse(schema.Content as string)).toMatchObject({
        $schema: 'http://json-schema.org/draft-04/schema#',
      });
    }
  });

  it('has a target dead-letter queue that only rules on this bus may send to', () => {
    expect(onlyResourceOfType(dev.template, 'AWS::SQS::Queue')).toMatchObject({
      QueueName: 'stratus-dev-event-bus-target-dlq',
      MessageRetentionPeriod: 1209600,
    });
    const policy = onlyResourceOfType(dev.template, 'AWS::SQS::QueuePolicy');
    expect(policy).toMatchObject({
      Queues: [{ Ref: 'TargetDeadLetterQueue' }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['TargetDeadLetterQueue', 'Arn'] },
            Condition: {
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Sub':
                    'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/stratus-dev/*',
                },
              },
            },
          },
        ],
      },
    });
  });

  it('alarms on failed invocations of the bus and on dead-letter queue depth, to the alarm topic', () => {
    const alarms = resourcesOfType(dev.template, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(2);
    const failedInvocations = alarms.find((alarm) =>
      JSON.stringify(alarm.Metrics ?? []).includes('FailedInvocations'),
    );
    expect(failedInvocations).toMatchObject({
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(JSON.stringify(failedInvocations?.Metrics)).toContain("EventBusName = 'stratus-dev'");
    expect(alarms.find((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible')).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['TargetDeadLetterQueue', 'QueueName'] } }],
      Threshold: 10,
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    const prodThresholds = resourcesOfType(prod.template, 'AWS::CloudWatch::Alarm').map(
      (alarm) => alarm.Threshold,
    );
    expect(prodThresholds).toEqual([1, 1]);
    expect(onlyResourceOfType(dev.template, 'AWS::SNS::Topic')).toMatchObject({
      TopicName: 'stratus-dev-alarms',
    });
  });

  it('exports the bus name and ARN and the DLQ ARN and URL for other stacks', () => {
    expect(dev.template.Outputs).toMatchObject({
      EventBusName: { Value: { Ref: 'EventBus' }, Export: { Name: 'stratus-dev-EventBusName' } },
      EventBusArn: {
        Value: { 'Fn::GetAtt': ['EventBus', 'Arn'] },
        Export: { Name: 'stratus-dev-EventBusArn' },
      },
      EventBusDeadLetterQueueArn: {
        Value: { 'Fn::GetAtt': ['TargetDeadLetterQueue', 'Arn'] },
        Export: { Name: 'stratus-dev-EventBusDeadLetterQueueArn' },
      },
      EventBusDeadLetterQueueUrl: {
        Value: { Ref: 'TargetDeadLetterQueue' },
        Export: { Name: 'stratus-dev-EventBusDeadLetterQueueUrl' },
      },
    });
  });

  it('writes the bus name and ARN to SSM for readers that are not stacks', () => {
    const parameters = resourcesOfType(dev.template, 'AWS::SSM::Parameter');
    expect(parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: '/stratus/dev/event-bus/name', Value: { Ref: 'EventBus' } }),
        expect.objectContaining({
          Name: '/stratus/dev/event-bus/arn',
          Value: { 'Fn::GetAtt': ['EventBus', 'Arn'] },
        }),
      ]),
    );
  });

  it('packages no function code', () => {
    expect(dev.zips).toEqual([]);
  });
});
