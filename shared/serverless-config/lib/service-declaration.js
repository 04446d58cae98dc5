'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const CONFIG_FILE_NAMES = ['serverless.yml', 'serverless.yaml'];

/**
 * What a service declares under `custom.stratus` in its serverless.yml, read from the raw file.
 *
 * Why raw: osls resolves `provider: ${file(provider.js)}` before `provider.stage` is known, so
 * asking osls to resolve `custom.stratus.environment` from inside that function would make every
 * `${sls:stage}` or `${param:...}` in it a circular reference. Only the KEYS are taken from the
 * raw file; each value is handed back to osls as `${self:custom.stratus...}` and resolved by osls
 * itself, later, with every variable source available.
 *
 * @typedef {object} ServiceDeclaration
 * @property {string} configPath absolute path of the service's serverless.yml
 * @property {string[]} environmentNames keys of custom.stratus.environment
 * @property {string[]} apiGatewaySettingNames keys of custom.stratus.apiGateway (provider.apiGateway settings)
 * @property {Record<string, string[]>} paramNamesByStage keys of custom.stratus.params.<stage>
 * @property {string[]} extraPlugins custom.stratus.plugins (literal plugin names)
 * @property {boolean} declaresCostCenter whether custom.stratus.costCenter is set
 * @property {boolean} declaresBoundedContext whether custom.stratus.boundedContext is set
 */

/**
 * @param {{ config?: string | null } | undefined} options the osls CLI options handed to a file-source function
 * @param {string} [cwd] the service directory (osls runs with the service directory as cwd)
 * @returns {string}
 */
function resolveConfigPath(options, cwd = process.cwd()) {
  if (options && typeof options.config === 'string' && options.config.length > 0) {
    return path.resolve(cwd, options.config);
  }
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(cwd, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    `@stratus/serverless-config: no serverless.yml in ${cwd}. Run serverless from the service directory ` +
      '(the shared configuration reads the service declaration under custom.stratus from there).',
  );
}

/**
 * @param {unknown} node
 * @param {string} where
 * @param {string} configPath
 * @returns {string[]}
 */
function mappingKeys(node, where, configPath) {
  if (node === undefined || node === null) return [];
  if (!YAML.isMap(node)) {
    throw new Error(
      `@stratus/serverless-config: ${where} in ${configPath} must be a literal YAML mapping ` +
        '(its values may use variables, the mapping itself may not be a variable).',
    );
  }
  return node.items.map((pair) => String(YAML.isScalar(pair.key) ? pair.key.value : pair.key));
}

/**
 * @param {string} configPath
 * @returns {ServiceDeclaration}
 */
function readServiceDeclaration(configPath) {
  const text = fs.readFileSync(configPath, 'utf8');
  // CloudFormation short tags (!Ref, !GetAtt, ...) are unknown to the yaml library: it keeps them as
  // tagged nodes and only warns, which is fine because only keys are read here.
  const document = YAML.parseDocument(text, { strict: false, prettyErrors: false });
  const fatal = document.errors[0];
  if (fatal) throw new Error(`@stratus/serverless-config: cannot parse ${configPath}: ${fatal.message}`);

  const stratus = document.getIn(['custom', 'stratus'], true);
  if (stratus !== undefined && stratus !== null && !YAML.isMap(stratus)) {
    throw new Error(
      `@stratus/serverless-config: custom.stratus in ${configPath} must be a literal YAML mapping.`,
    );
  }

  const environmentNames = mappingKeys(
    document.getIn(['custom', 'stratus', 'environment'], true),
    'custom.stratus.environment',
    configPath,
  );

  const apiGatewaySettingNames = mappingKeys(
    document.getIn(['custom', 'stratus', 'apiGateway'], true),
    'custom.stratus.apiGateway',
    configPath,
  );

  /** @type {Record<string, string[]>} */
  const paramNamesByStage = {};
  for (const stage of mappingKeys(
    document.getIn(['custom', 'stratus', 'params'], true),
    'custom.stratus.params',
    configPath,
  )) {
    paramNamesByStage[stage] = mappingKeys(
      document.getIn(['custom', 'stratus', 'params', stage], true),
      `custom.stratus.params.${stage}`,
      configPath,
    );
  }

  const pluginsNode = document.getIn(['custom', 'stratus', 'plugins'], true);
  /** @type {string[]} */
  let extraPlugins = [];
  if (pluginsNode !== undefined && pluginsNode !== null) {
    if (!YAML.isSeq(pluginsNode)) {
      throw new Error(
        `@stratus/serverless-config: custom.stratus.plugins in ${configPath} must be a literal list of plugin names.`,
      );
    }
    extraPlugins = pluginsNode.items.map((item) => String(YAML.isScalar(item) ? item.value : item));
  }

  return {
    configPath,
    environmentNames,
    apiGatewaySettingNames,
    paramNamesByStage,
    extraPlugins,
    declaresCostCenter: document.hasIn(['custom', 'stratus', 'costCenter']),
    declaresBoundedContext: document.hasIn(['custom', 'stratus', 'boundedContext']),
  };
}

module.exports = { readServiceDeclaration, resolveConfigPath };
