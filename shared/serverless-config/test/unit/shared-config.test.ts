import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import stratusEsbuild from '../../esbuild';
import stratusParams from '../../params';
import stratusPlugins from '../../plugins';
import stratusProvider from '../../provider';
import { STAGES, STAGE_PARAMS } from '../../lib/stage-params';
import { readServiceDeclaration } from '../../lib/service-declaration';

/** CloudWatch Logs accepts only these retention periods. */
const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function writeServiceConfig(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratus-config-'));
  const file = path.join(dir, 'serverless.yml');
  writeFileSync(file, yaml);
  return file;
}

const ORDERS_LIKE = `
service: orders
provider: \${file(../../shared/serverless-config/provider.js)}
custom:
  stratus:
    boundedContext: ordering
    costCenter: checkout
    plugins: [serverless-step-functions]
    environment:
      ORDERS_TABLE_NAME: !Ref OrdersTable
      PAYMENT_URL: https://pay.\${sls:stage}.example
    apiGateway:
      apiKeys:
        - standard:
            - name: orders-\${sls:stage}-standard
      usagePlan:
        - standard:
            throttle:
              rateLimit: \${param:standardRateLimit}
              burstLimit: 100
      apiKeySourceType: HEADER
    params:
      prod:
        provisionedConcurrency: 5
      default:
        provisionedConcurrency: 0
`;

describe('readServiceDeclaration', () => {
  it('reads the keys a service declares, CloudFormation short tags included', () => {
    const configPath = writeServiceConfig(ORDERS_LIKE);
    expect(readServiceDeclaration(configPath)).toEqual({
      configPath,
      environmentNames: ['ORDERS_TABLE_NAME', 'PAYMENT_URL'],
      apiGatewaySettingNames: ['apiKeys', 'usagePlan', 'apiKeySourceType'],
      paramNamesByStage: { prod: ['provisionedConcurrency'], default: ['provisionedConcurrency'] },
      extraPlugins: ['serverless-step-functions'],
      declaresCostCenter: true,
      declaresBoundedContext: true,
    });
  });

  it('reads no API Gateway settings from a service that declares none', () => {
    const configPath = writeServiceConfig('service: x\ncustom:\n  stratus:\n    boundedContext: x\n');
    expect(readServiceDeclaration(configPath).apiGatewaySettingNames).toEqual([]);
  });

  it('refuses an environment given as a variable, because its keys cannot be known', () => {
    const configPath = writeServiceConfig(`
service: x
custom:
  stratus:
    boundedContext: x
    environment: \${file(./env.yml)}
`);
    expect(() => readServiceDeclaration(configPath)).toThrow(
      /custom\.stratus\.environment .* must be a literal YAML mapping/,
    );
  });
});

describe('provider.js', () => {
  it('merges the service environment over the shared one as self references osls resolves later', () => {
    const provider = stratusProvider({ options: { config: writeServiceConfig(ORDERS_LIKE) } });
    expect(provider).toMatchObject({
      name: 'aws',
      runtime: 'nodejs24.x',
      architecture: 'arm64',
      deploymentMethod: 'direct',
      tracing: { lambda: true, apiGateway: true },
      environment: {
        EVENT_BUS_NAME: '${param:eventBusName}',
        POWERTOOLS_SERVICE_NAME: '${self:service}',
        POWERTOOLS_METRICS_NAMESPACE: 'Stratus',
        LOG_LEVEL: '${param:logLevel}',
        ORDERS_TABLE_NAME: '${self:custom.stratus.environment.ORDERS_TABLE_NAME}',
        PAYMENT_URL: '${self:custom.stratus.environment.PAYMENT_URL}',
      },
      tags: {
        service: '${self:service}',
        'bounded-context': '${self:custom.stratus.boundedContext}',
        stage: '${sls:stage}',
        'cost-center': '${self:custom.stratus.costCenter}',
      },
    });
  });

  it('hands each API Gateway setting of the service to provider.apiGateway as a self reference', () => {
    const provider = stratusProvider({ options: { config: writeServiceConfig(ORDERS_LIKE) } });
    expect(provider.apiGateway).toEqual({
      apiKeys: '${self:custom.stratus.apiGateway.apiKeys}',
      usagePlan: '${self:custom.stratus.apiGateway.usagePlan}',
      apiKeySourceType: '${self:custom.stratus.apiGateway.apiKeySourceType}',
    });
  });

  it('leaves provider.apiGateway out when the service declares no API Gateway settings', () => {
    const provider = stratusProvider({
      options: { config: writeServiceConfig('service: x\ncustom:\n  stratus:\n    boundedContext: x\n') },
    });
    expect(provider).not.toHaveProperty('apiGateway');
  });

  it('refuses API Gateway settings given as a variable, because their keys cannot be known', () => {
    const configPath = writeServiceConfig(
      'service: x\ncustom:\n  stratus:\n    boundedContext: x\n    apiGateway: ${file(./api.yml)}\n',
    );
    expect(() => stratusProvider({ options: { config: configPath } })).toThrow(
      /custom\.stratus\.apiGateway .* must be a literal YAML mapping/,
    );
  });

  it('takes the cost center from params when the service names none', () => {
    const provider = stratusProvider({
      options: { config: writeServiceConfig('service: x\ncustom:\n  stratus:\n    boundedContext: x\n') },
    });
    expect(provider.tags).toMatchObject({ 'cost-center': '${param:costCenter}' });
  });

  it('requires a bounded context', () => {
    const configPath = writeServiceConfig('service: x\ncustom:\n  stratus:\n    costCenter: y\n');
    expect(() => stratusProvider({ options: { config: configPath } })).toThrow(/boundedContext is missing/);
  });

  it('refuses a service environment that redefines a shared variable', () => {
    const configPath = writeServiceConfig(
      'service: x\ncustom:\n  stratus:\n    boundedContext: x\n    environment:\n      EVENT_BUS_NAME: mine\n',
    );
    expect(() => stratusProvider({ options: { config: configPath } })).toThrow(
      /EVENT_BUS_NAME in .* redefines a shared variable/,
    );
  });
});

describe('params.js', () => {
  it('adds the service params per stage without touching the shared ones', () => {
    const params = stratusParams({ options: { config: writeServiceConfig(ORDERS_LIKE) } });
    expect(params.prod).toMatchObject({
      logRetentionInDays: STAGE_PARAMS.prod.logRetentionInDays,
      provisionedConcurrency: '${self:custom.stratus.params.prod.provisionedConcurrency}',
    });
    expect(params.default).toMatchObject({
      memorySize: 1024,
      provisionedConcurrency: '${self:custom.stratus.params.default.provisionedConcurrency}',
    });
    expect(params.dev).not.toHaveProperty('provisionedConcurrency');
    expect(STAGE_PARAMS.prod).not.toHaveProperty('provisionedConcurrency');
  });

  it.each(STAGES)('gives stage %s a log retention CloudWatch accepts', (stage) => {
    const merged = {
      ...STAGE_PARAMS.default,
      ...(STAGE_PARAMS as Record<string, Record<string, unknown>>)[stage],
    };
    expect(CLOUDWATCH_RETENTION_DAYS).toContain(merged.logRetentionInDays);
  });
});

describe('plugins.js', () => {
  it('loads the shared plugins, then the service extras, serverless-offline last', () => {
    expect(stratusPlugins({ options: { config: writeServiceConfig(ORDERS_LIKE) } })).toEqual([
      'serverless-esbuild',
      'serverless-iam-roles-per-function',
      'serverless-step-functions',
      'serverless-offline',
    ]);
  });
});

describe('esbuild.js', () => {
  const original = process.env.STRATUS_ESBUILD_OVERRIDES;
  afterEach(() => {
    if (original === undefined) delete process.env.STRATUS_ESBUILD_OVERRIDES;
    else process.env.STRATUS_ESBUILD_OVERRIDES = original;
  });

  it('targets Node 24 and leaves @aws-sdk/* to the runtime without packaging it', () => {
    delete process.env.STRATUS_ESBUILD_OVERRIDES;
    expect(stratusEsbuild()).toMatchObject({
      bundle: true,
      target: 'node24',
      platform: 'node',
      exclude: ['@aws-sdk/*'],
    });
  });

  it('lets the benchmark switch to ESM, which needs .mjs and a require shim', () => {
    process.env.STRATUS_ESBUILD_OVERRIDES = JSON.stringify({ format: 'esm', exclude: [] });
    const settings = stratusEsbuild();
    expect(settings).toMatchObject({ format: 'esm', exclude: [], outputFileExtension: '.mjs' });
    expect(JSON.stringify(settings.banner)).toContain('createRequire');
  });

  it('rejects overrides that are not a JSON object', () => {
    process.env.STRATUS_ESBUILD_OVERRIDES = '[1]';
    expect(() => stratusEsbuild()).toThrow(/must be a JSON object/);
    process.env.STRATUS_ESBUILD_OVERRIDES = '{nope';
    expect(() => stratusEsbuild()).toThrow(/is not JSON/);
  });
});
