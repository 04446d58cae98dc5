'use strict';

const { readServiceDeclaration, resolveConfigPath } = require('./lib/service-declaration');

/**
 * Plugins every service loads, in order: bundle first, then per-function roles, then the
 * service's own extra plugins (`custom.stratus.plugins`), serverless-offline last (it must see
 * the final function list).
 */
const BASE_PLUGINS = Object.freeze(['serverless-esbuild', 'serverless-iam-roles-per-function']);
const LAST_PLUGINS = Object.freeze(['serverless-offline']);

/**
 * Usage in a service: `plugins: ${file(../../shared/serverless-config/plugins.js)}`
 *
 * @param {{ options?: { config?: string | null } }} [context] what osls hands to a file-source function
 * @returns {string[]}
 */
module.exports = function stratusPlugins(context = {}) {
  const declaration = readServiceDeclaration(resolveConfigPath(context.options));
  const extra = declaration.extraPlugins.filter(
    (name) => !BASE_PLUGINS.includes(name) && !LAST_PLUGINS.includes(name),
  );
  return [...BASE_PLUGINS, ...extra, ...LAST_PLUGINS];
};
module.exports.BASE_PLUGINS = BASE_PLUGINS;
