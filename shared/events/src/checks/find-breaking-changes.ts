import { isDeepStrictEqual } from 'node:util';

export type JsonSchemaNode = Record<string, unknown>;

export type BreakingChangeKind =
  | 'removed-property'
  | 'newly-required'
  | 'type-changed'
  | 'enum-narrowed'
  | 'additional-properties-tightened'
  | 'constraint-tightened'
  | 'pattern-changed'
  | 'format-changed'
  | 'alternative-removed'
  | 'unsupported-change';

export interface BreakingChange {
  /** Where in the detail, e.g. `data.items[].quantity`; `(root)` for the top. */
  path: string;
  kind: BreakingChangeKind;
  message: string;
}

/**
 * The rule of this check: a schema change is compatible when every document the old schema
 * accepted is still accepted by the new one, so events already on the bus, in the archive or in
 * a DLQ still parse. The rules below decide that for the keywords the catalog's draft-04 schemas
 * use, and they err towards "breaking": a change they cannot prove safe (a new regex, an edited
 * allOf) is reported, never waved through.
 */

/** Keywords that describe, not constrain. */
const ANNOTATIONS = new Set([
  '$schema',
  'id',
  '$id',
  'title',
  'description',
  'default',
  'examples',
  '$comment',
]);

/** Keywords the rules below understand; a change to any other keyword is reported as unsupported. */
const UNDERSTOOD = new Set([
  'type',
  'enum',
  'const',
  'anyOf',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
]);

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

const isRecord = (value: unknown): value is JsonSchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
const show = (path: string) => (path === '' ? '(root)' : path);

function constraintsOf(schema: JsonSchemaNode): JsonSchemaNode {
  return Object.fromEntries(
    Object.entries(schema).filter(([key]) => !ANNOTATIONS.has(key) && !key.startsWith('x-')),
  );
}

/** JSON types an instance may have under `schema`; undefined when any type is allowed. */
function typesOf(schema: JsonSchemaNode): Set<string> | undefined {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  return undefined;
}

/** draft-04 (`exclusiveMinimum: true` beside `minimum`) and draft-06+ (numeric) bounds. */
function bound(
  schema: JsonSchemaNode,
  side: 'min' | 'max',
): { value: number; exclusive: boolean } | undefined {
  const inclusiveKey = side === 'min' ? 'minimum' : 'maximum';
  const exclusiveKey = side === 'min' ? 'exclusiveMinimum' : 'exclusiveMaximum';
  const inclusive = schema[inclusiveKey];
  const exclusive = schema[exclusiveKey];
  if (typeof exclusive === 'number') {
    if (typeof inclusive === 'number') {
      const tighter = side === 'min' ? inclusive > exclusive : inclusive < exclusive;
      return tighter ? { value: inclusive, exclusive: false } : { value: exclusive, exclusive: true };
    }
    return { value: exclusive, exclusive: true };
  }
  if (typeof inclusive === 'number') return { value: inclusive, exclusive: exclusive === true };
  return undefined;
}

/** True when bound `after` lets through fewer values than bound `before`. */
function boundTightened(
  before: { value: number; exclusive: boolean } | undefined,
  after: { value: number; exclusive: boolean } | undefined,
  side: 'min' | 'max',
): boolean {
  if (after === undefined) return false;
  if (before === undefined) return true;
  if (before.value === after.value) return after.exclusive && !before.exclusive;
  return side === 'min' ? after.value > before.value : after.value < before.value;
}

const describeBound = (b: { value: number; exclusive: boolean } | undefined, side: 'min' | 'max') =>
  b === undefined
    ? 'none'
    : `${side === 'min' ? (b.exclusive ? '>' : '>=') : b.exclusive ? '<' : '<='} ${b.value}`;

/** Schemas an instance may match: the anyOf alternatives (each with the siblings), or the schema itself. */
function alternatives(schema: JsonSchemaNode): JsonSchemaNode[] {
  if (!Array.isArray(schema.anyOf)) return [schema];
  const { anyOf, ...siblings } = schema;
  return (anyOf as unknown[]).map((branch) => ({ ...siblings, ...(isRecord(branch) ? branch : {}) }));
}

/**
 * Every way in which `after` refuses documents that `before` accepted. Empty when `after`
 * accepts at least everything `before` did.
 */
export function findBreakingChanges(before: unknown, after: unknown, path = ''): BreakingChange[] {
  // `true`/missing schemas accept everything; `false` accepts nothing.
  const b: JsonSchemaNode | false = before === false ? false : isRecord(before) ? constraintsOf(before) : {};
  const a: JsonSchemaNode | false = after === false ? false : isRecord(after) ? constraintsOf(after) : {};
  if (b === false) return [];
  if (a === false) return [{ path: show(path), kind: 'type-changed', message: 'now accepts nothing' }];
  if (isDeepStrictEqual(b, a)) return [];

  if (Array.isArray(b.anyOf) || Array.isArray(a.anyOf)) {
    const afterAlternatives = alternatives(a);
    const changes: BreakingChange[] = [];
    alternatives(b).forEach((alternative, index) => {
      const covered = afterAlternatives.some(
        (candidate) => findBreakingChanges(alternative, candidate, path).length === 0,
      );
      if (covered) return;
      // Explain against the closest alternative when there is just one; else name the lost one.
      changes.push(
        ...(afterAlternatives.length === 1
          ? findBreakingChanges(alternative, afterAlternatives[0], path)
          : [
              {
                path: show(path),
                kind: 'alternative-removed' as const,
                message: `alternative ${index} (${JSON.stringify(alternative)}) is no longer accepted`,
              },
            ]),
      );
    });
    return changes;
  }

  const changes: BreakingChange[] = [];
  const report = (kind: BreakingChangeKind, message: string, at = path) =>
    changes.push({ path: show(at), kind, message });

  for (const keyword of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (!UNDERSTOOD.has(keyword) && !isDeepStrictEqual(b[keyword], a[keyword])) {
      report('unsupported-change', `"${keyword}" changed, which this check cannot prove compatible`);
    }
  }

  // Types
  const beforeTypes = typesOf(b);
  const afterTypes = typesOf(a);
  if (afterTypes !== undefined) {
    const lost =
      beforeTypes === undefined
        ? JSON_TYPES.filter(
            (type) => !afterTypes.has(type) && !(type === 'integer' && afterTypes.has('number')),
          )
        : [...beforeTypes].filter(
            (type) => !afterTypes.has(type) && !(type === 'integer' && afterTypes.has('number')),
          );
    if (lost.length > 0) {
      report(
        'type-changed',
        `type was ${beforeTypes === undefined ? 'any' : [...beforeTypes].join('|')}, now ${[...afterTypes].join('|')}`,
      );
      return changes;
    }
  }

  // Enumerations (and draft-06 `const`, treated as a one-value enum)
  const enumOf = (schema: JsonSchemaNode): unknown[] | undefined =>
    Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  const beforeEnum = enumOf(b);
  const afterEnum = enumOf(a);
  if (afterEnum !== undefined) {
    if (beforeEnum === undefined) {
      report('enum-narrowed', `now restricted to ${JSON.stringify(afterEnum)}`);
    } else {
      const removed = beforeEnum.filter((value) => !afterEnum.some((kept) => isDeepStrictEqual(kept, value)));
      if (removed.length > 0) report('enum-narrowed', `no longer accepts ${JSON.stringify(removed)}`);
    }
  }

  // Strings
  const tightenedCount = (keyword: string, side: 'min' | 'max', what: string) => {
    const beforeValue = typeof b[keyword] === 'number' ? (b[keyword] as number) : undefined;
    const afterValue = typeof a[keyword] === 'number' ? (a[keyword] as number) : undefined;
    if (afterValue === undefined) return;
    const tighter =
      beforeValue === undefined
        ? side === 'max' || afterValue > 0
        : side === 'min'
          ? afterValue > beforeValue
          : afterValue < beforeValue;
    if (tighter) {
      report(
        'constraint-tightened',
        `${keyword} of ${what} was ${beforeValue ?? 'unset'}, now ${afterValue}`,
      );
    }
  };
  tightenedCount('minLength', 'min', 'string');
  tightenedCount('maxLength', 'max', 'string');
  if (a.pattern !== undefined && a.pattern !== b.pattern) {
    report(
      'pattern-changed',
      `pattern was ${JSON.stringify(b.pattern ?? null)}, now ${JSON.stringify(a.pattern)}`,
    );
  }
  if (a.format !== undefined && a.format !== b.format) {
    report(
      'format-changed',
      `format was ${JSON.stringify(b.format ?? null)}, now ${JSON.stringify(a.format)}`,
    );
  }

  // Numbers
  for (const side of ['min', 'max'] as const) {
    const beforeBound = bound(b, side);
    const afterBound = bound(a, side);
    if (boundTightened(beforeBound, afterBound, side)) {
      report(
        'constraint-tightened',
        `${side === 'min' ? 'lower' : 'upper'} bound was ${describeBound(beforeBound, side)}, now ${describeBound(afterBound, side)}`,
      );
    }
  }
  if (typeof a.multipleOf === 'number') {
    const ratio = typeof b.multipleOf === 'number' ? b.multipleOf / a.multipleOf : NaN;
    if (!(Number.isFinite(ratio) && Math.abs(ratio - Math.round(ratio)) < 1e-9 && Math.round(ratio) >= 1)) {
      report('constraint-tightened', `multipleOf was ${b.multipleOf ?? 'unset'}, now ${a.multipleOf}`);
    }
  }

  // Arrays
  tightenedCount('minItems', 'min', 'array');
  tightenedCount('maxItems', 'max', 'array');
  if (a.uniqueItems === true && b.uniqueItems !== true)
    report('constraint-tightened', 'items must now be unique');
  if (Array.isArray(b.items) || Array.isArray(a.items)) {
    if (!isDeepStrictEqual(b.items, a.items)) report('unsupported-change', 'tuple "items" changed');
  } else if (b.items !== undefined || a.items !== undefined) {
    changes.push(...findBreakingChanges(b.items, a.items, `${path}[]`));
  }

  // Objects
  tightenedCount('minProperties', 'min', 'object');
  tightenedCount('maxProperties', 'max', 'object');
  const objectLike = ['properties', 'required', 'additionalProperties'].some((key) => key in b || key in a);
  if (objectLike) changes.push(...objectChanges(b, a, path));
  return changes;
}

function objectChanges(b: JsonSchemaNode, a: JsonSchemaNode, path: string): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const beforeProperties = isRecord(b.properties) ? b.properties : {};
  const afterProperties = isRecord(a.properties) ? a.properties : {};
  const beforeRequired = new Set(Array.isArray(b.required) ? (b.required as string[]) : []);
  const afterRequired = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
  // What a schema says about keys it does not list: `undefined`/true = anything, false = refused.
  const beforeExtra = b.additionalProperties;
  const afterExtra = a.additionalProperties;

  for (const key of afterRequired) {
    if (!beforeRequired.has(key)) {
      changes.push({
        path: show(join(path, key)),
        kind: 'newly-required',
        message:
          key in beforeProperties
            ? `"${key}" was optional and is now required`
            : `new required property "${key}"`,
      });
    }
  }
  for (const [key, schema] of Object.entries(beforeProperties)) {
    if (key in afterProperties) {
      changes.push(...findBreakingChanges(schema, afterProperties[key], join(path, key)));
    } else if (afterExtra === false) {
      changes.push({
        path: show(join(path, key)),
        kind: 'removed-property',
        message: `property "${key}" was removed`,
      });
    } else {
      changes.push(...findBreakingChanges(schema, afterExtra, join(path, key)));
    }
  }
  for (const [key, schema] of Object.entries(afterProperties)) {
    // Under the old schema this key was one of the "other" keys.
    if (!(key in beforeProperties) && beforeExtra !== false) {
      changes.push(...findBreakingChanges(beforeExtra, schema, join(path, key)));
    }
  }
  if (beforeExtra !== false && !isDeepStrictEqual(beforeExtra ?? true, afterExtra ?? true)) {
    if (afterExtra === false) {
      changes.push({
        path: show(path),
        kind: 'additional-properties-tightened',
        message: 'unknown keys were accepted and are now refused',
      });
    } else {
      const nested = findBreakingChanges(beforeExtra, afterExtra, join(path, '*'));
      changes.push(
        ...nested.map((change) => ({ ...change, kind: 'additional-properties-tightened' as const })),
      );
    }
  }
  return changes;
}
