import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { packageService, type CloudFormationTemplate, type PackagedService } from '../../src';
import { resourceProperties, resourcesOfType, roleStatements } from '../../src/testing';

const FIXTURE_SERVICE = path.join(__dirname, '..', 'fixtures', 'service');

interface LambdaFunctionProperties {
  Runtime: string;
  Tags: Array<{ Key: string; Value: string }>;
  Environment: { Variables: Record<string, unknown> };
  Role: unknown;
}

const greetFunction = (template: CloudFormationTemplate) =>
  resourceProperties(template, 'GreetLambdaFunction') as unknown as LambdaFunctionProperties;

describe('a service using the shared configuration, packaged offline', () => {
  const packaged: PackagedService[] = [];
  afterAll(() => {
    for (const { outputDir } of packaged) rmSync(outputDir, { recursive: true, force: true });
  });

  describe('stage dev', () => {
    let dev: PackagedService;
    beforeAll(() => {
      dev = packageService(FIXTURE_SERVICE, { stage: 'dev' });
      packaged.push(dev);
    });

    it('runs on nodejs24.x arm64 with active tracing and the dev memory size', () => {
      expect(greetFunction(dev.template)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        Timeout: 10,
        TracingConfig: { Mode: 'Active' },
      });
    });

    it('tags the function with service, bounded context, stage and cost center', () => {
      expect(greetFunction(dev.template).Tags).toEqual(
        expect.arrayContaining([
          { Key: 'service', Value: 'config-fixture' },
          { Key: 'bounded-context', Value: 'fixtures' },
          { Key: 'stage', Value: 'dev' },
          { Key: 'cost-center', Value: 'stratus-platform' },
        ]),
      );
    });

    it('merges the shared and service environment, with the bus imported from the event-bus stack', () => {
      expect(greetFunction(dev.template).Environment.Variables).toEqual({
        STAGE: 'dev',
        EVENT_BUS_NAME: { 'Fn::ImportValue': 'stratus-dev-EventBusName' },
        POWERTOOLS_SERVICE_NAME: 'config-fixture',
        POWERTOOLS_METRICS_NAMESPACE: 'Stratus',
        LOG_LEVEL: 'DEBUG',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        POWERTOOLS_TRACE_ENABLED: 'true',
        POWERTOOLS_DEV: 'false',
        GREETINGS_TABLE_NAME: { Ref: 'GreetingsTable' },
        GREETING_PREFIX: 'hello-dev',
        GREETING_LIMIT: '3',
      });
    });

    it('keeps logs for the dev retention', () => {
      const [logGroup] = resourcesOfType(dev.template, 'AWS::Logs::LogGroup');
      expect(logGroup).toMatchObject({ RetentionInDays: 7 });
    });

    it('gives the function its own role: logs, X-Ray and only the table read it asked for', () => {
      expect(greetFunction(dev.template).Role).toEqual({
        'Fn::GetAtt': ['GreetIamRoleLambdaExecution', 'Arn'],
      });
      const actions = roleStatements(dev.template, 'GreetIamRoleLambdaExecution').flatMap(
        (statement) => statement.Action,
      );
      expect(actions.sort()).toEqual(
        [
          'dynamodb:GetItem',
          'events:PutEvents',
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ].sort(),
      );
    });

    it('lets the function publish only to the bus imported from the event-bus stack', () => {
      const statements = roleStatements(dev.template, 'GreetIamRoleLambdaExecution');
      expect(statements.find((statement) => statement.Action.includes('events:PutEvents'))?.Resource).toEqual(
        {
          'Fn::ImportValue': 'stratus-dev-EventBusArn',
        },
      );
    });

    it('packages one zip per function', () => {
      expect(dev.zips).toEqual(['greet.zip']);
    });

    it('builds the API keys and usage plans the service declares under custom.stratus.apiGateway', () => {
      const method = dev.template.Resources.ApiGatewayMethodGreetingsGet?.Properties;
      expect(method).toMatchObject({ ApiKeyRequired: true });
      expect(dev.template.Resources.ApiGatewayApiKeyFree1?.Properties).toMatchObject({
        Enabled: true,
        Name: 'config-fixture-dev-free',
      });
      expect(dev.template.Resources.ApiGatewayUsagePlanFree?.Properties).toMatchObject({
        Throttle: { RateLimit: 10, BurstLimit: 20 },
        Quota: { Limit: 1000, Period: 'DAY' },
      });
      expect(dev.template.Resources.ApiGatewayUsagePlanKeyFree1?.Properties).toEqual({
        KeyId: { Ref: 'ApiGatewayApiKeyFree1' },
        KeyType: 'API_KEY',
        UsagePlanId: { Ref: 'ApiGatewayUsagePlanFree' },
      });
    });
  });

  describe('stage prod', () => {
    let prod: PackagedService;
    beforeAll(() => {
      prod = packageService(FIXTURE_SERVICE, { stage: 'prod' });
      packaged.push(prod);
    });

    it('uses the prod params, with the service override winning over the shared value', () => {
      expect(greetFunction(prod.template)).toMatchObject({ MemorySize: 2048 });
      expect(greetFunction(prod.template).Environment.Variables).toMatchObject({
        LOG_LEVEL: 'INFO',
        GREETING_LIMIT: '30',
        EVENT_BUS_NAME: { 'Fn::ImportValue': 'stratus-prod-EventBusName' },
      });
      const [logGroup] = resourcesOfType(prod.template, 'AWS::Logs::LogGroup');
      expect(logGroup).toMatchObject({ RetentionInDays: 90 });
    });

    it('resolves the stage and params inside the API Gateway settings for prod', () => {
      expect(prod.template.Resources.ApiGatewayApiKeyFree1?.Properties).toMatchObject({
        Name: 'config-fixture-prod-free',
      });
      expect(prod.template.Resources.ApiGatewayUsagePlanFree?.Properties).toMatchObject({
        Throttle: { RateLimit: 100, BurstLimit: 20 },
      });
    });
  });

  it('points stage local at the local cloud bus by name', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const result = spawnSync(
      process.execPath,
      [require.resolve('serverless/bin/serverless.js'), 'print', '--stage', 'local', '--format', 'json'],
      { cwd: FIXTURE_SERVICE, env, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' },
    );
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
      provider: { environment: Record<string, unknown>; apiGateway: unknown };
    };
    expect(printed.provider.environment).toMatchObject({
      EVENT_BUS_NAME: 'stratus-local',
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      GREETING_PREFIX: 'hello-local',
    });
    // Resolved, as the local cloud's usage-plan proxy and serverless-offline read it.
    expect(printed.provider.apiGateway).toEqual({
      apiKeys: [{ free: [{ name: 'config-fixture-local-free' }] }],
      usagePlan: [
        { free: { throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 1000, period: 'DAY' } } },
      ],
    });
  });
});
