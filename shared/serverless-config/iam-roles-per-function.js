'use strict';

/**
 * Settings of serverless-iam-roles-per-function (`custom.serverless-iam-roles-per-function`):
 * every function gets its own role; with `defaultInherit` each role also carries the shared
 * provider statements (X-Ray only), so a function's `iamRoleStatements` list only what it uses.
 */
module.exports = Object.freeze({ defaultInherit: true });
