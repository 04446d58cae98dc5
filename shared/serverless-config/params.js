'use strict';

const { STAGE_PARAMS } = require('./lib/stage-params');
const { readServiceDeclaration, resolveConfigPath } = require('./lib/service-declaration');

/**
 * osls `params`: the shared per-stage values, plus whatever the service declares under
 * `custom.stratus.params.<stage>` (the service wins on a name clash).
 *
 * Usage in a service: `params: ${file(../../shared/serverless-config/params.js)}`
 *
 * @param {{ options?: { config?: string | null } }} [context] what osls hands to a file-source function
 * @returns {Record<string, Record<string, unknown>>}
 */
module.exports = function stratusParams(context = {}) {
  const declaration = readServiceDeclaration(resolveConfigPath(context.options));
  /** @type {Record<string, Record<string, unknown>>} */
  const params = structuredClone(/** @type {Record<string, Record<string, unknown>>} */ (STAGE_PARAMS));
  for (const [stage, names] of Object.entries(declaration.paramNamesByStage)) {
    const section = (params[stage] ??= {});
    for (const name of names) section[name] = `\${self:custom.stratus.params.${stage}.${name}}`;
  }
  return params;
};
