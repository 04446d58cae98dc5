import fc from 'fast-check';
import { Validator } from 'jsonschema';
import { findBreakingChanges } from '../../src/checks/find-breaking-changes';
import { documentOf, mutationOf, schemaModel, toJsonSchema } from '../helpers/schema-models';

const validator = new Validator();
const accepts = (schema: Record<string, unknown>, document: unknown) =>
  validator.validate(document, schema).valid;

/** A schema, one edit of it, and documents the original accepts. */
const editedSchemas = schemaModel(2).chain((model) =>
  fc.tuple(
    fc.constant(model),
    mutationOf(model),
    fc.array(documentOf(model), { minLength: 1, maxLength: 8 }),
  ),
);

describe('findBreakingChanges (properties)', () => {
  it('finds nothing between a schema and itself', () => {
    fc.assert(
      fc.property(schemaModel(3), (model) => {
        expect(findBreakingChanges(toJsonSchema(model), toJsonSchema(model))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('is sound: when it finds no breaking change, the new schema accepts every document the old one did', () => {
    fc.assert(
      fc.property(editedSchemas, ([model, edited, documents]) => {
        const before = toJsonSchema(model);
        const after = toJsonSchema(edited);
        for (const document of documents) expect(accepts(before, document)).toBe(true);
        if (findBreakingChanges(before, after).length === 0) {
          for (const document of documents)
            expect({ document, accepted: accepts(after, document) }).toEqual({ document, accepted: true });
        }
      }),
      { numRuns: 600 },
    );
  });

  it('is not trivially "breaking": a good share of random edits are judged compatible, and only those are waved through', () => {
    const samples = fc.sample(editedSchemas, { numRuns: 200, seed: 42 });
    const compatible = samples.filter(
      ([model, edited]) => findBreakingChanges(toJsonSchema(model), toJsonSchema(edited)).length === 0,
    );
    expect(compatible.length).toBeGreaterThan(samples.length * 0.15);
    expect(compatible.length).toBeLessThan(samples.length * 0.9);
  });

  it('always reports removing a property from a strict object, naming it', () => {
    fc.assert(
      fc.property(schemaModel(1), fc.constantFrom('a', 'b'), fc.boolean(), (schema, name, required) => {
        const before = {
          kind: 'object' as const,
          properties: [{ name, schema, required }],
          additional: false,
        };
        const after = { ...before, properties: [] };
        expect(findBreakingChanges(toJsonSchema(before), toJsonSchema(after))).toContainEqual(
          expect.objectContaining({ path: name, kind: 'removed-property' }),
        );
      }),
    );
  });

  it('always reports a new required property, and never a new optional one on a strict object', () => {
    fc.assert(
      fc.property(schemaModel(1), schemaModel(1), (existing, added) => {
        const before = {
          kind: 'object' as const,
          properties: [{ name: 'a', schema: existing, required: true }],
          additional: false,
        };
        const withRequired = {
          ...before,
          properties: [...before.properties, { name: 'b', schema: added, required: true }],
        };
        const withOptional = {
          ...before,
          properties: [...before.properties, { name: 'b', schema: added, required: false }],
        };
        expect(findBreakingChanges(toJsonSchema(before), toJsonSchema(withRequired))).toEqual([
          expect.objectContaining({ path: 'b', kind: 'newly-required' }),
        ]);
        expect(findBreakingChanges(toJsonSchema(before), toJsonSchema(withOptional))).toEqual([]);
      }),
    );
  });

  it('reports an enum that lost a value and accepts one that gained values', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E'), { minLength: 2, maxLength: 5 }),
        fc.nat(),
        (values, pick) => {
          const before = { type: 'string', enum: values };
          const lost = values[pick % values.length];
          expect(
            findBreakingChanges(before, { type: 'string', enum: values.filter((value) => value !== lost) }),
          ).toEqual([
            expect.objectContaining({
              kind: 'enum-narrowed',
              message: `no longer accepts ${JSON.stringify([lost])}`,
            }),
          ]);
          expect(findBreakingChanges(before, { type: 'string', enum: [...values, 'Z'] })).toEqual([]);
        },
      ),
    );
  });
});
