import fc from 'fast-check';

/**
 * A small model of the JSON Schemas the catalog produces, so that property tests can generate
 * schemas, mutate them, and generate documents that a schema accepts.
 */
export type SchemaModel =
  | {
      kind: 'string';
      enum?: string[];
      minLength?: number;
      maxLength?: number;
      pattern?: keyof typeof PATTERNS;
      nullable?: boolean;
    }
  | {
      kind: 'integer' | 'number';
      minimum?: number;
      maximum?: number;
      exclusiveMinimum?: boolean;
      nullable?: boolean;
    }
  | { kind: 'boolean'; nullable?: boolean }
  | { kind: 'array'; items: SchemaModel; minItems?: number; maxItems?: number }
  | { kind: 'object'; properties: PropertyModel[]; additional: boolean };

export interface PropertyModel {
  name: string;
  schema: SchemaModel;
  required: boolean;
}

export const PATTERNS = { upper: '^[A-Z]{1,5}$', lower: '^[a-z]{1,5}$' } as const;
const ENUM_VALUES = ['RED', 'GREEN', 'BLUE', 'CYAN'];
const PROPERTY_NAMES = ['a', 'b', 'c', 'd', 'e'];
const EXTRA_KEYS = ['x1', 'x2'];

export function toJsonSchema(model: SchemaModel): Record<string, unknown> {
  const typed = (type: string, nullable: boolean | undefined) => (nullable ? [type, 'null'] : type);
  switch (model.kind) {
    case 'string':
      return {
        type: typed('string', model.nullable),
        ...(model.enum && { enum: model.nullable ? [...model.enum, null] : model.enum }),
        ...(model.minLength !== undefined && { minLength: model.minLength }),
        ...(model.maxLength !== undefined && { maxLength: model.maxLength }),
        ...(model.pattern && { pattern: PATTERNS[model.pattern] }),
      };
    case 'integer':
    case 'number':
      return {
        type: typed(model.kind, model.nullable),
        ...(model.minimum !== undefined && { minimum: model.minimum }),
        ...(model.minimum !== undefined && model.exclusiveMinimum && { exclusiveMinimum: true }),
        ...(model.maximum !== undefined && { maximum: model.maximum }),
      };
    case 'boolean':
      return { type: typed('boolean', model.nullable) };
    case 'array':
      return {
        type: 'array',
        items: toJsonSchema(model.items),
        ...(model.minItems !== undefined && { minItems: model.minItems }),
        ...(model.maxItems !== undefined && { maxItems: model.maxItems }),
      };
    case 'object': {
      const required = model.properties
        .filter((property) => property.required)
        .map((property) => property.name);
      return {
        type: 'object',
        properties: Object.fromEntries(
          model.properties.map((property) => [property.name, toJsonSchema(property.schema)]),
        ),
        ...(required.length > 0 && { required }),
        ...(!model.additional && { additionalProperties: false }),
      };
    }
  }
}

const optionalInt = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: undefined });

const bounds = (min: number, max: number) =>
  fc
    .tuple(optionalInt(min, max), optionalInt(min, max))
    .map(([low, high]) =>
      low !== undefined && high !== undefined && low > high ? [high, low] : [low, high],
    );

const stringModel: fc.Arbitrary<SchemaModel> = fc.oneof(
  fc.record({
    kind: fc.constant('string' as const),
    enum: fc.uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: 4 }),
    nullable: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('string' as const),
    pattern: fc.constantFrom('upper' as const, 'lower' as const),
  }),
  fc.tuple(bounds(0, 8), fc.boolean()).map(([[minLength, maxLength], nullable]) => ({
    kind: 'string' as const,
    ...(minLength !== undefined && { minLength }),
    ...(maxLength !== undefined && { maxLength }),
    nullable,
  })),
);

const numericModel: fc.Arbitrary<SchemaModel> = fc
  .tuple(fc.constantFrom('integer' as const, 'number' as const), bounds(-50, 50), fc.boolean(), fc.boolean())
  .map(([kind, [minimum, maximum], exclusiveMinimum, nullable]) => ({
    kind,
    ...(minimum !== undefined && { minimum }),
    ...(maximum !== undefined && { maximum }),
    // An exclusive minimum equal to the maximum would accept nothing: keep generated schemas satisfiable.
    ...(minimum !== undefined &&
      exclusiveMinimum &&
      (maximum === undefined || maximum > minimum + 1) && { exclusiveMinimum }),
    nullable,
  }));

const primitiveModel = fc.oneof(
  stringModel,
  numericModel,
  fc.record({ kind: fc.constant('boolean' as const), nullable: fc.boolean() }),
);

export function schemaModel(depth = 2): fc.Arbitrary<SchemaModel> {
  if (depth === 0) return primitiveModel;
  const child = schemaModel(depth - 1);
  const arrayModel = fc.tuple(child, bounds(0, 3)).map(([items, [minItems, maxItems]]) => ({
    kind: 'array' as const,
    items,
    ...(minItems !== undefined && { minItems }),
    ...(maxItems !== undefined && { maxItems }),
  }));
  const objectModel = fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...PROPERTY_NAMES), { maxLength: 4 }),
      fc.array(fc.tuple(child, fc.boolean()), { minLength: 4, maxLength: 4 }),
      fc.boolean(),
    )
    .map(([names, shapes, additional]) => ({
      kind: 'object' as const,
      properties: names.map((name, index) => ({
        name,
        schema: shapes[index]![0],
        required: shapes[index]![1],
      })),
      additional,
    }));
  return fc.oneof(
    { arbitrary: primitiveModel, weight: 2 },
    { arbitrary: arrayModel, weight: 1 },
    { arbitrary: objectModel, weight: 2 },
  );
}

/** Documents valid under `model`. */
export function documentOf(model: SchemaModel): fc.Arbitrary<unknown> {
  const nullable = (arbitrary: fc.Arbitrary<unknown>, allowNull: boolean | undefined) =>
    allowNull ? fc.oneof(arbitrary, fc.constant(null)) : arbitrary;
  switch (model.kind) {
    case 'string':
      if (model.enum) return nullable(fc.constantFrom(...model.enum), model.nullable);
      if (model.pattern) return fc.stringMatching(new RegExp(PATTERNS[model.pattern]));
      return nullable(
        fc.string({
          minLength: model.minLength ?? 0,
          maxLength: model.maxLength ?? (model.minLength ?? 0) + 6,
        }),
        model.nullable,
      );
    case 'integer': {
      const min = model.minimum === undefined ? -100 : model.minimum + (model.exclusiveMinimum ? 1 : 0);
      return nullable(fc.integer({ min, max: model.maximum ?? min + 100 }), model.nullable);
    }
    case 'number': {
      const min = model.minimum ?? -100;
      return nullable(
        fc.double({
          min,
          max: model.maximum ?? min + 100,
          minExcluded: model.exclusiveMinimum === true,
          noNaN: true,
        }),
        model.nullable,
      );
    }
    case 'boolean':
      return nullable(fc.boolean(), model.nullable);
    case 'array': {
      const minLength = model.minItems ?? 0;
      return fc.array(documentOf(model.items), { minLength, maxLength: model.maxItems ?? minLength + 3 });
    }
    case 'object': {
      const required = model.properties.filter((property) => property.required);
      const optional = model.properties.filter((property) => !property.required);
      const extras = model.additional
        ? fc.dictionary(fc.constantFrom(...EXTRA_KEYS), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })
        : fc.constant({});
      return fc
        .tuple(
          fc.record(
            Object.fromEntries(required.map((property) => [property.name, documentOf(property.schema)])),
          ),
          fc.record(
            Object.fromEntries(optional.map((property) => [property.name, documentOf(property.schema)])),
            {
              requiredKeys: [],
            },
          ),
          extras,
        )
        .map(([requiredPart, optionalPart, extraPart]) => ({
          ...extraPart,
          ...optionalPart,
          ...requiredPart,
        }));
    }
  }
}

/** One random edit somewhere in `model`: compatible or not, the checker has to tell. */
export function mutationOf(model: SchemaModel): fc.Arbitrary<SchemaModel> {
  const replace = schemaModel(1);
  const local: fc.Arbitrary<SchemaModel>[] = [replace];
  switch (model.kind) {
    case 'string':
      local.push(
        fc
          .uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: 4 })
          .map((values) => ({ ...model, enum: values })),
        fc.constant({ ...model, enum: undefined }),
        optionalInt(0, 8).map((minLength) => ({ ...model, minLength })),
        optionalInt(0, 8).map((maxLength) => ({ ...model, maxLength })),
        fc
          .constantFrom(undefined, 'upper' as const, 'lower' as const)
          .map((pattern) => ({ ...model, pattern })),
        fc.constant({ ...model, nullable: !model.nullable }),
      );
      break;
    case 'integer':
    case 'number':
      local.push(
        optionalInt(-50, 50).map((minimum) => ({ ...model, minimum })),
        optionalInt(-50, 50).map((maximum) => ({ ...model, maximum })),
        fc.constant({ ...model, exclusiveMinimum: !model.exclusiveMinimum }),
        fc.constant({
          ...model,
          kind: model.kind === 'integer' ? ('number' as const) : ('integer' as const),
        }),
        fc.constant({ ...model, nullable: !model.nullable }),
      );
      break;
    case 'boolean':
      local.push(fc.constant({ ...model, nullable: !model.nullable }));
      break;
    case 'array':
      local.push(
        mutationOf(model.items).map((items) => ({ ...model, items })),
        optionalInt(0, 3).map((minItems) => ({ ...model, minItems })),
        optionalInt(0, 3).map((maxItems) => ({ ...model, maxItems })),
      );
      break;
    case 'object': {
      const free = PROPERTY_NAMES.filter(
        (name) => !model.properties.some((property) => property.name === name),
      );
      local.push(fc.constant({ ...model, additional: !model.additional }));
      if (free.length > 0) {
        local.push(
          fc
            .tuple(fc.constantFrom(...free), schemaModel(1), fc.boolean())
            .map(([name, schema, required]) => ({
              ...model,
              properties: [...model.properties, { name, schema, required }],
            })),
        );
      }
      model.properties.forEach((property, index) => {
        const withProperty = (changed: PropertyModel | undefined) => ({
          ...model,
          properties: model.properties.flatMap((existing, position) =>
            position === index ? (changed ? [changed] : []) : [existing],
          ),
        });
        local.push(
          fc.constant(withProperty(undefined)),
          fc.constant(withProperty({ ...property, required: !property.required })),
          mutationOf(property.schema).map((schema) => withProperty({ ...property, schema })),
        );
      });
      break;
    }
  }
  return fc.oneof(...local);
}
