import { z } from 'zod';
import type { AnyEventContract } from './define-event';

/**
 * The EventBridge schema registry accepts two schema types, `OpenApi3` and `JSONSchemaDraft4`.
 * The catalog produces JSON Schema draft-04 (zod's `draft-04` target): `exclusiveMinimum` is a
 * boolean there and there is no `const`, which is why draft-07/2020-12 output is not used.
 */
export const SCHEMA_REGISTRY_TYPE = 'JSONSchemaDraft4';
export const JSON_SCHEMA_DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft-04) of a contract's `detail`: `{ metadata, data }`. It describes what a
 * publisher may send (zod's input side), which for these transform-free schemas is also what a
 * consumer receives.
 */
export function detailJsonSchema(contract: AnyEventContract): JsonSchema {
  const generated = z.toJSONSchema(contract.detail, { target: 'draft-04', io: 'input' }) as JsonSchema;
  const { $schema: _ignored, ...body } = generated;
  return {
    $schema: JSON_SCHEMA_DRAFT_04,
    title: `${contract.detailType} v${contract.version} detail`,
    description: contract.description,
    ...body,
  };
}

/**
 * JSON Schema (draft-04) of the whole EventBridge event, the form the schema registry stores:
 * the envelope fields EventBridge adds, the fixed source and detail-type, and the detail.
 */
export function eventJsonSchema(contract: AnyEventContract): JsonSchema {
  const {
    $schema: _ignored,
    title: _title,
    description: _description,
    ...detail
  } = detailJsonSchema(contract);
  return {
    $schema: JSON_SCHEMA_DRAFT_04,
    title: `${contract.source}@${contract.detailType}`,
    description: contract.description,
    'x-stratus-version': contract.version,
    type: 'object',
    required: ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      'detail-type': { type: 'string', enum: [contract.detailType] },
      source: { type: 'string', enum: [contract.source] },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail,
    },
  };
}

/** File and registry name of a contract's schema: `<source>@<DetailType>.v<version>`. */
export const schemaName = (contract: AnyEventContract): string =>
  `${contract.source}@${contract.detailType}.v${contract.version}`;
