'use strict';

const { require: tsxRequire } = require('tsx/cjs/api');

/**
 * One AWS::EventSchemas::Schema per catalog contract, generated from @stratus/events each time
 * the stack is packaged, so the registry can never drift from the code that publishes and
 * parses the events. osls loads this file with plain `require`; tsx's scoped require compiles
 * the TypeScript catalog in-process without hooking anything else osls loads.
 *
 * Usage: `resources: [..., ${file(./resources/schemas.js)}]` in serverless.yml.
 *
 * @returns {{ Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }}
 */
module.exports = function catalogSchemaResources() {
  /** @type {typeof import('@stratus/events')} */
  const events = tsxRequire('@stratus/events', __filename);
  /** @type {Record<string, { Type: string; Properties: Record<string, unknown> }>} */
  const Resources = {};
  for (const contract of events.catalog) {
    const name = events.schemaName(contract);
    const content = JSON.stringify(events.eventJsonSchema(contract));
    // osls parses every string a file function returns for `${...}` variables.
    if (content.includes('${')) {
      throw new Error(
        `Schema ${name} contains "\${", which osls would read as a variable; change the contract.`,
      );
    }
    const logicalId = schemaLogicalId(name);
    if (Resources[logicalId]) throw new Error(`Two catalog contracts map to the resource id ${logicalId}`);
    Resources[logicalId] = {
      Type: 'AWS::EventSchemas::Schema',
      Properties: {
        RegistryName: { 'Fn::GetAtt': ['SchemaRegistry', 'RegistryName'] },
        SchemaName: name,
        Type: events.SCHEMA_REGISTRY_TYPE,
        Description: contract.description,
        Content: content,
      },
    };
  }
  return { Resources };
};

/**
 * `stratus.orders@OrderPlaced.v1` -> `SchemaStratusOrdersOrderPlacedV1` (CloudFormation logical
 * ids are alphanumeric).
 *
 * @param {string} schemaName
 * @returns {string}
 */
function schemaLogicalId(schemaName) {
  const words = schemaName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `Schema${words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')}`;
}

module.exports.schemaLogicalId = schemaLogicalId;
