'use strict';

const stratusProvider = require('../../shared/serverless-config/provider.js');

/**
 * The shared Stratus provider (`shared/serverless-config/provider.js`), plus this service's REST
 * API settings: API keys and usage plans (`provider.apiGateway`), which the shared provider has no
 * place for. The values stay in serverless.yml under `custom.apiGateway`: this returns a reference
 * that osls resolves after this function, like the shared provider's own `${...}` values, so the
 * plans can use `${param:...}` and `${sls:stage}`.
 *
 * Usage: `provider: ${file(./serverless.provider.js)}`
 *
 * @param {{ options?: { config?: string | null } }} [context] what osls hands to a file-source function
 * @returns {Record<string, unknown>}
 */
module.exports = function ordersProvider(context = {}) {
  return {
    ...stratusProvider(context),
    apiGateway: '${self:custom.apiGateway}',
  };
};
