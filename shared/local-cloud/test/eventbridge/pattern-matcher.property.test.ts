import fc from 'fast-check';
import { matchesPattern, validatePattern } from '../../src/eventbridge';

type Leaf = string | number | boolean | null;
type Doc = { [key: string]: Leaf | Leaf[] | Doc };

const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/).filter((k) => k !== '$or');
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const doc: fc.Arbitrary<Doc> = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.dictionary(
    key,
    fc.oneof({ depthSize: 'small' }, leaf, fc.array(leaf, { minLength: 1, maxLength: 4 }), tie('doc')),
    { minKeys: 1, maxKeys: 5 },
  ),
})).doc;

/** An exact-match pattern naming every leaf of the event, with the event's own values. */
function patternFromEvent(event: Doc): Record<string, unknown> | undefined {
  const pattern: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event)) {
    if (Array.isArray(value)) pattern[name] = value;
    else if (value !== null && typeof value === 'object') {
      const nested = patternFromEvent(value);
      if (nested) pattern[name] = nested;
    } else pattern[name] = [value];
  }
  return Object.keys(pattern).length > 0 ? pattern : undefined;
}

describe('pattern matcher properties', () => {
  it('a pattern built from an event’s own leaf values always matches that event', () => {
    fc.assert(
      fc.property(doc, (event) => {
        const pattern = patternFromEvent(event);
        fc.pre(pattern !== undefined);
        expect(validatePattern(pattern)).toEqual({ valid: true });
        expect(matchesPattern(pattern, event)).toBe(true);
        expect(matchesPattern(JSON.stringify(pattern), JSON.stringify(event))).toBe(true);
      }),
    );
  });

  it('anything-but X never matches a field whose value is X, and matches any other value', () => {
    const excluded = fc.oneof(fc.string(), fc.integer());
    fc.assert(
      fc.property(excluded, excluded, (x, other) => {
        const pattern = { detail: { field: [{ 'anything-but': x }] } };
        expect(matchesPattern(pattern, { detail: { field: x } })).toBe(false);
        expect(matchesPattern(pattern, { detail: { field: other } })).toBe(other !== x);
      }),
    );
  });

  it('a string always matches its own prefixes, suffixes and its lower-cased self ignoring case', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (text, cut) => {
        const at = text.length === 0 ? 0 : cut % (text.length + 1);
        const event = { detail: { v: text } };
        expect(matchesPattern({ detail: { v: [{ prefix: text.slice(0, at) }] } }, event)).toBe(true);
        expect(matchesPattern({ detail: { v: [{ suffix: text.slice(at) }] } }, event)).toBe(true);
        expect(matchesPattern({ detail: { v: [{ 'equals-ignore-case': text }] } }, event)).toBe(true);
        expect(
          matchesPattern(
            { detail: { v: [{ 'equals-ignore-case': text }] } },
            { detail: { v: text.toLowerCase() } },
          ),
        ).toBe(true);
      }),
    );
  });

  it('$or of two patterns matches exactly when either pattern matches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), (a, b) => {
        const first = { a: [{ numeric: ['<', 5] }] };
        const second = { b: [{ numeric: ['>=', 5] }] };
        const event = { a, b };
        expect(matchesPattern({ $or: [first, second] }, event)).toBe(
          matchesPattern(first, event) || matchesPattern(second, event),
        );
      }),
    );
  });

  it('a numeric range agrees with plain comparison', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (x, p, q) => {
          const [low, high] = p < q ? [p, q] : [q, p];
          fc.pre(low < high);
          const pattern = { n: [{ numeric: ['>', low, '<=', high] }] };
          expect(matchesPattern(pattern, { n: x })).toBe(x > low && x <= high);
        },
      ),
    );
  });
});
