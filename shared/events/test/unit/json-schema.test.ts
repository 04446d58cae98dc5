import { Validator } from 'jsonschema';
import {
  catalog,
  detailJsonSchema,
  eventJsonSchema,
  JSON_SCHEMA_DRAFT_04,
  rulePattern,
  schemaName,
} from '../../src';
import { InventoryReserved, OrderCancelled, OrderPlaced } from '../../src';
import draft04MetaSchema from '../fixtures/json-schema-draft-04.json';
import { eventBridgeEvent } from '../helpers/event-bridge-event';

/** Keywords of JSON Schema draft-04 (core + validation); anything else would be ignored by the registry. */
const DRAFT_04_KEYWORDS = new Set([
  '$schema',
  'id',
  '$ref',
  'title',
  'description',
  'default',
  'type',
  'enum',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'definitions',
  'properties',
  'patternProperties',
  'additionalProperties',
  'required',
  'minProperties',
  'maxProperties',
  'dependencies',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
]);

function keywordsOf(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) keywordsOf(item, found);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      found.add(key);
      if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
        for (const child of Object.values(value as object)) keywordsOf(child, found);
      } else if (key !== 'enum' && key !== 'required' && key !== 'default') {
        keywordsOf(value, found);
      }
    }
  }
  return found;
}

const validator = new Validator();

describe.each(catalog.map((contract) => [contract.key, contract] as const))(
  '%s JSON Schema',
  (_key, contract) => {
    const schema = detailJsonSchema(contract);

    it('is a valid draft-04 schema using draft-04 keywords only', () => {
      expect(schema.$schema).toBe(JSON_SCHEMA_DRAFT_04);
      expect(validator.validate(schema, draft04MetaSchema).errors).toEqual([]);
      const outside = [...keywordsOf(schema)].filter((keyword) => !DRAFT_04_KEYWORDS.has(keyword));
      expect(outside).toEqual([]);
    });

    it('accepts every example detail and refuses what zod refuses', () => {
      for (const example of contract.examples) {
        const { detail } = eventBridgeEvent(contract, example);
        expect(validator.validate(detail, schema).errors).toEqual([]);
        expect(validator.validate({ ...detail, extra: 1 }, schema).valid).toBe(false);
        expect(
          validator.validate({ ...detail, data: { ...(detail.data as object), extra: 1 } }, schema).valid,
        ).toBe(false);
        const wrongVersion = { ...detail, metadata: { ...detail.metadata, version: contract.version + 1 } };
        expect(validator.validate(wrongVersion, schema).valid).toBe(false);
      }
    });

    it('wraps into a whole-event schema for the registry that accepts the example event', () => {
      const eventSchema = eventJsonSchema(contract);
      expect(validator.validate(eventSchema, draft04MetaSchema).errors).toEqual([]);
      const event = eventBridgeEvent(contract);
      expect(validator.validate(event, eventSchema).errors).toEqual([]);
      expect(validator.validate({ ...event, source: 'stratus.elsewhere' }, eventSchema).valid).toBe(false);
    });
  },
);

describe('schema specifics', () => {
  it('states integer bounds and the SKU pattern the way zod enforces them', () => {
    const schema = detailJsonSchema(OrderPlaced) as {
      properties: {
        data: { properties: { items: { maxItems: number; items: { properties: Record<string, unknown> } } } };
      };
    };
    const items = schema.properties.data.properties.items;
    expect(items.maxItems).toBe(50);
    expect(items.items.properties.quantity).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(items.items.properties.sku).toMatchObject({
      type: 'string',
      pattern: '^[A-Z0-9]{3,12}(-[A-Z0-9]{1,12}){0,3}$',
    });
  });

  it('lists optional fields as not required', () => {
    const schema = detailJsonSchema(OrderCancelled) as { properties: { data: { required: string[] } } };
    expect(schema.properties.data.required).not.toContain('reservationId');
    expect(schema.properties.data.required).toContain('reason');
  });

  it('names schema files <source>@<DetailType>.v<version>', () => {
    expect(schemaName(InventoryReserved)).toBe('stratus.inventory@InventoryReserved.v1');
  });
});

describe('rulePattern', () => {
  it('lists each source and detail-type once', () => {
    expect(rulePattern(OrderPlaced, OrderCancelled, InventoryReserved)).toEqual({
      source: ['stratus.orders', 'stratus.inventory'],
      'detail-type': ['OrderPlaced', 'OrderCancelled', 'InventoryReserved'],
    });
  });

  it('refuses an empty pattern, which would match nothing', () => {
    expect(() => rulePattern()).toThrow(/at least one contract/);
  });
});
