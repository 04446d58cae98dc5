'use strict';

const { readServiceDeclaration, resolveConfigPath } = require('./lib/service-declaration');

/** Environment every function gets; a service may add names but not redefine these. */
const SHARED_ENVIRONMENT = Object.freeze({
  STAGE: '${sls:stage}',
  EVENT_BUS_NAME: '${param:eventBusName}',
  POWERTOOLS_SERVICE_NAME: '${self:service}',
  POWERTOOLS_METRICS_NAMESPACE: 'Stratus',
  LOG_LEVEL: '${param:logLevel}',
  POWERTOOLS_LOG_LEVEL: '${param:logLevel}',
  POWERTOOLS_TRACE_ENABLED: '${param:tracingEnabled}',
  POWERTOOLS_DEV: '${param:powertoolsDev}',
});

/**
 * Statements every function role inherits (serverless-iam-roles-per-function with
 * `defaultInherit: true`): only what tracing needs. Everything else is granted per function.
 */
const SHARED_IAM_STATEMENTS = Object.freeze([
  {
    Effect: 'Allow',
    Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    Resource: '*',
  },
]);

/**
 * The osls `provider` block every Stratus service uses.
 *
 * Usage in a service: `provider: ${file(../../shared/serverless-config/provider.js)}`, with the
 * service's own part declared under `custom.stratus` (see README.md):
 * - `boundedContext` (required) and `costCenter` (optional) become tags;
 * - `environment` is merged over the shared environment (values may use any variable source);
 * - `apiGateway` becomes `provider.apiGateway` (REST API settings such as API keys and usage plans),
 *   one `${self:...}` reference per setting, so its values may use any variable source too.
 *
 * The returned values contain `${...}` variables on purpose: osls resolves them after this
 * function returns, when `${sls:stage}` and `${param:...}` are known.
 *
 * @param {{ options?: { config?: string | null } }} [context] what osls hands to a file-source function
 * @returns {Record<string, unknown>}
 */
module.exports = function stratusProvider(context = {}) {
  const declaration = readServiceDeclaration(resolveConfigPath(context.options));
  if (!declaration.declaresBoundedContext) {
    throw new Error(
      `@stratus/serverless-config: custom.stratus.boundedContext is missing in ${declaration.configPath}`,
    );
  }

  /** @type {Record<string, string>} */
  const environment = { ...SHARED_ENVIRONMENT };
  for (const name of declaration.environmentNames) {
    if (Object.hasOwn(SHARED_ENVIRONMENT, name)) {
      throw new Error(
        `@stratus/serverless-config: custom.stratus.environment.${name} in ${declaration.configPath} ` +
          'redefines a shared variable; the shared value comes from params (override the param instead).',
      );
    }
    environment[name] = `\${self:custom.stratus.environment.${name}}`;
  }

  const tags = {
    service: '${self:service}',
    'bounded-context': '${self:custom.stratus.boundedContext}',
    stage: '${sls:stage}',
    'cost-center': declaration.declaresCostCenter
      ? '${self:custom.stratus.costCenter}'
      : '${param:costCenter}',
  };

  /** @type {Record<string, unknown>} */
  const provider = {
    name: 'aws',
    runtime: 'nodejs24.x',
    architecture: 'arm64',
    region: "${opt:region, env:AWS_REGION, 'us-east-1'}",
    memorySize: '${param:memorySize}',
    timeout: '${param:timeout}',
    logRetentionInDays: '${param:logRetentionInDays}',
    // CloudFormation create/update without change sets: faster deploys from CI.
    deploymentMethod: 'direct',
    deploymentPrefix: 'stratus',
    // One framework-managed bucket per stack: no account id needed in what CI packages.
    deploymentBucket: {
      blockPublicAccess: true,
      serverSideEncryption: 'AES256',
      maxPreviousDeploymentArtifacts: 5,
    },
    // Published versions are what canary deployments shift traffic between.
    versionFunctions: true,
    tracing: { lambda: true, apiGateway: true },
    tags,
    stackTags: tags,
    environment,
    iam: { role: { statements: structuredClone(SHARED_IAM_STATEMENTS) } },
  };

  // Only when the service declares some, so a service without REST API settings keeps the exact
  // provider (and template) it had before.
  if (declaration.apiGatewaySettingNames.length > 0) {
    provider.apiGateway = Object.fromEntries(
      declaration.apiGatewaySettingNames.map((name) => [name, `\${self:custom.stratus.apiGateway.${name}}`]),
    );
  }
  return provider;
};
module.exports.SHARED_ENVIRONMENT = SHARED_ENVIRONMENT;
module.exports.SHARED_IAM_STATEMENTS = SHARED_IAM_STATEMENTS;
