import { z } from 'zod';
import { catalog, detailJsonSchema, defineEvent, OrderCancelled, OrderPlaced } from '../../src';
import { findBreakingChanges, type BreakingChangeKind } from '../../src/checks/find-breaking-changes';

const draft04 = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-04', io: 'input' });
const kinds = (before: z.ZodType, after: z.ZodType) =>
  findBreakingChanges(draft04(before), draft04(after)).map((change) => [change.path, change.kind]);

const line = z.strictObject({ sku: z.string().regex(/^[A-Z]+$/), quantity: z.int().min(1).max(100) });
const base = z.strictObject({
  orderId: z.uuid(),
  note: z.string().max(200).optional(),
  status: z.enum(['PENDING', 'CONFIRMED']),
  items: z.array(line).min(1).max(50),
  total: z.number().min(0),
});

describe('findBreakingChanges: breaking', () => {
  it.each<[string, z.ZodType, [string, BreakingChangeKind][]]>([
    ['a removed property', base.omit({ note: true }), [['note', 'removed-property']]],
    ['a removed required property', base.omit({ total: true }), [['total', 'removed-property']]],
    ['a new required property', base.extend({ channel: z.string() }), [['channel', 'newly-required']]],
    [
      'an optional property made required',
      base.extend({ note: z.string().max(200) }),
      [['note', 'newly-required']],
    ],
    ['a type change', base.extend({ total: z.string() }), [['total', 'type-changed']]],
    ['number narrowed to integer', base.extend({ total: z.int().min(0) }), [['total', 'type-changed']]],
    ['a narrowed enum', base.extend({ status: z.enum(['PENDING']) }), [['status', 'enum-narrowed']]],
    [
      'a string turned into an enum',
      base.extend({ note: z.enum(['A']).optional() }),
      [['note', 'enum-narrowed']],
    ],
    ['a raised minimum', base.extend({ total: z.number().min(1) }), [['total', 'constraint-tightened']]],
    [
      'a minimum made exclusive',
      base.extend({ total: z.number().positive() }),
      [['total', 'constraint-tightened']],
    ],
    ['a new maximum', base.extend({ total: z.number().min(0).max(10) }), [['total', 'constraint-tightened']]],
    [
      'a shorter maxLength',
      base.extend({ note: z.string().max(100).optional() }),
      [['note', 'constraint-tightened']],
    ],
    [
      'a new minLength',
      base.extend({ note: z.string().min(2).max(200).optional() }),
      [['note', 'constraint-tightened']],
    ],
    [
      'a changed pattern',
      base.extend({ orderId: z.string().regex(/^o-/) }),
      [['orderId', 'pattern-changed']],
    ],
    [
      'a raised minItems',
      base.extend({ items: z.array(line).min(2).max(50) }),
      [['items', 'constraint-tightened']],
    ],
    [
      'a lowered maxItems',
      base.extend({ items: z.array(line).min(1).max(10) }),
      [['items', 'constraint-tightened']],
    ],
    [
      'a nested change inside array items',
      base.extend({
        items: z
          .array(line.extend({ quantity: z.int().min(1).max(10) }))
          .min(1)
          .max(50),
      }),
      [['items[].quantity', 'constraint-tightened']],
    ],
    [
      'a nested removed property',
      base.extend({
        items: z
          .array(line.omit({ quantity: true }))
          .min(1)
          .max(50),
      }),
      [['items[].quantity', 'removed-property']],
    ],
    ['a nullable made non-nullable', z.strictObject({ a: z.string() }), [['a', 'type-changed']]],
  ])('%s', (_name, after, expected) => {
    const before = expected[0]?.[0] === 'a' ? z.strictObject({ a: z.string().nullable() }) : base;
    expect(kinds(before, after)).toEqual(expected);
  });

  it('additionalProperties tightened: a loose object made strict', () => {
    expect(kinds(z.looseObject({ a: z.string() }), z.strictObject({ a: z.string() }))).toEqual([
      ['(root)', 'additional-properties-tightened'],
    ]);
  });

  it('a property added with constraints where unknown keys were accepted', () => {
    expect(
      kinds(z.looseObject({ a: z.string() }), z.looseObject({ a: z.string(), b: z.int().optional() })),
    ).toEqual([['b', 'type-changed']]);
  });

  it('a union that lost an alternative', () => {
    expect(
      kinds(z.strictObject({ v: z.union([z.string(), z.int()]) }), z.strictObject({ v: z.string() })),
    ).toEqual([['v', 'type-changed']]);
    expect(
      kinds(
        z.strictObject({ v: z.union([z.string().min(1), z.int(), z.boolean()]) }),
        z.strictObject({ v: z.union([z.string().min(1), z.boolean()]) }),
      ),
    ).toEqual([['v', 'alternative-removed']]);
  });

  it('a removed catalog property is named with its path', () => {
    const narrowed = defineEvent({
      ...OrderCancelled,
      data: OrderCancelled.data.omit({ reservationId: true }),
      examples: [{ ...OrderCancelled.examples[1]! }],
    });
    expect(findBreakingChanges(detailJsonSchema(OrderCancelled), detailJsonSchema(narrowed))).toEqual([
      {
        path: 'data.reservationId',
        kind: 'removed-property',
        message: 'property "reservationId" was removed',
      },
    ]);
  });

  it('a keyword it does not understand is reported when it changes, never ignored', () => {
    expect(
      findBreakingChanges({ type: 'object', allOf: [{ required: ['a'] }] }, { type: 'object', allOf: [] }),
    ).toEqual([
      expect.objectContaining({ kind: 'unsupported-change', message: expect.stringContaining('"allOf"') }),
    ]);
  });
});

describe('findBreakingChanges: compatible', () => {
  it.each<[string, z.ZodType]>([
    ['the same schema', base],
    ['a new optional property', base.extend({ channel: z.string().optional() })],
    ['a widened enum', base.extend({ status: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']) })],
    ['an enum widened to a string', base.extend({ status: z.string() })],
    ['a required property made optional', base.extend({ total: z.number().min(0).optional() })],
    [
      'integer widened to number',
      base.extend({
        items: z
          .array(line.extend({ quantity: z.number().min(1).max(100) }))
          .min(1)
          .max(50),
      }),
    ],
    ['a lowered minimum', base.extend({ total: z.number().min(-5) })],
    ['a removed maxLength', base.extend({ note: z.string().optional() })],
    ['a raised maxItems', base.extend({ items: z.array(line).min(1).max(500) })],
    [
      'a removed pattern',
      base.extend({
        items: z
          .array(line.extend({ sku: z.string() }))
          .min(1)
          .max(50),
      }),
    ],
    ['made nullable', base.extend({ note: z.string().max(200).nullable().optional() })],
    ['a strict object loosened', z.looseObject(base.shape)],
    ['a field widened to a union', base.extend({ total: z.union([z.number().min(0), z.string()]) })],
  ])('%s', (_name, after) => {
    expect(findBreakingChanges(draft04(base), draft04(after))).toEqual([]);
  });

  it('only annotations changed (title, description)', () => {
    const before = detailJsonSchema(OrderPlaced);
    expect(findBreakingChanges(before, { ...before, title: 'other', description: 'changed' })).toEqual([]);
  });

  it.each(catalog.map((contract) => [contract.key, contract] as const))(
    '%s against itself',
    (_key, contract) => {
      expect(findBreakingChanges(detailJsonSchema(contract), detailJsonSchema(contract))).toEqual([]);
    },
  );
});
