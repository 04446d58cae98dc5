import fc from 'fast-check';
import {
  TopicRuleSqlError,
  evaluateTopicRule,
  parseTopicRuleSql,
  topicMatches,
} from '../../../src/emulators/iot';
import type { MqttMessage } from '../../../src/emulators/iot';

const EXAMPLE = "SELECT *, topic(2) AS deviceId FROM 'stratus/devices/+/telemetry' WHERE temperature > 50";

/** Output of a statement for a payload on a topic, or undefined when the rule does not fire. */
function run(sql: string, payload: unknown, topic = 't', extra: Partial<MqttMessage> = {}): unknown {
  const wire = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  const result = evaluateTopicRule(parseTopicRuleSql(sql), { topic, payload: wire, ...extra });
  return result?.output;
}

/** Whether `WHERE <condition>` fires for the payload. */
function fires(condition: string, payload: unknown, topic = 't'): boolean {
  return run(`SELECT * FROM '${topic}' WHERE ${condition}`, payload, topic) !== undefined;
}

function sqlError(sql: string): TopicRuleSqlError {
  try {
    parseTopicRuleSql(sql);
  } catch (error) {
    if (error instanceof TopicRuleSqlError) return error;
    throw error;
  }
  throw new Error(`expected ${sql} to be refused`);
}

describe('parseTopicRuleSql', () => {
  it('parses the telemetry rule of the brief', () => {
    expect(parseTopicRuleSql(EXAMPLE)).toEqual({
      sql: EXAMPLE,
      selectAll: true,
      items: [
        {
          alias: 'deviceId',
          expression: { kind: 'call', name: 'topic', args: [{ kind: 'literal', value: 2 }] },
        },
      ],
      topicFilter: 'stratus/devices/+/telemetry',
      where: {
        kind: 'compare',
        operator: '>',
        left: { kind: 'field', path: ['temperature'] },
        right: { kind: 'literal', value: 50 },
      },
    });
  });

  it('reads keywords in any case and names unaliased fields and calls after their last part', () => {
    const rule = parseTopicRuleSql("select state.reported.color, Timestamp(), clientId(), a[2] from 'x/#'");
    expect(rule.items.map((item) => item.alias)).toEqual(['color', 'timestamp', 'clientid', 'a']);
    expect(rule.items[3]?.expression).toEqual({ kind: 'field', path: ['a', 2] });
    expect(rule.selectAll).toBe(false);
    expect(rule.where).toBeUndefined();
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const rule = parseTopicRuleSql("SELECT * FROM 't' WHERE NOT a = 1 AND b = 2 OR c = 3");
    expect(rule.where).toEqual({
      kind: 'or',
      left: {
        kind: 'and',
        left: {
          kind: 'not',
          operand: {
            kind: 'compare',
            operator: '=',
            left: { kind: 'field', path: ['a'] },
            right: { kind: 'literal', value: 1 },
          },
        },
        right: {
          kind: 'compare',
          operator: '=',
          left: { kind: 'field', path: ['b'] },
          right: { kind: 'literal', value: 2 },
        },
      },
      right: {
        kind: 'compare',
        operator: '=',
        left: { kind: 'field', path: ['c'] },
        right: { kind: 'literal', value: 3 },
      },
    });
  });

  it('reads literals: escaped strings, negative and exponent numbers, booleans, null', () => {
    const rule = parseTopicRuleSql(
      "SELECT 'it''s' AS a, 'back\\'slash' AS b, -1.5e-3 AS c, .5 AS d, TRUE AS e, false AS f, NULL AS g FROM 't'",
    );
    expect(rule.items.map((item) => (item.expression as { value: unknown }).value)).toEqual([
      "it's",
      "back'slash",
      -0.0015,
      0.5,
      true,
      false,
      null,
    ]);
  });

  it.each([
    ['', 'expected SELECT but found the end of the statement', 1],
    ["SELECT * 't'", 'expected FROM but found "\'t\'"', 10],
    ['SELECT * FROM t', 'FROM needs a topic filter in single quotes but found "t"', 15],
    ["SELECT * FROM 'a/#/b'", '"#" must be a whole level and the last one', 15],
    ["SELECT * FROM 'a/b+'", '"+" must be a whole level', 15],
    ["SELECT * FROM ''", 'the topic filter is empty', 15],
    ["SELECT * FROM 't' WHERE a != 1", 'the not-equal operator of AWS IoT SQL is <>, not !=', 27],
    ["SELECT * FROM 't' WHERE a + 1 > 2", 'arithmetic (+) is not supported', 27],
    ["SELECT * FROM 't' WHERE a - 1 > 2", 'arithmetic (-) is not supported', 27],
    ['SELECT * FROM \'t\' WHERE a = "x"', 'double quotes are not supported', 29],
    ["SELECT * FROM 't' WHERE 1 < a < 3", 'comparisons cannot be chained', 31],
    ["SELECT * FROM 't' WHERE a = 'open", 'unterminated string literal', 29],
    ["SELECT * FROM 't' WHERE a = 1 b", 'unexpected "b"', 31],
    ["SELECT * FROM 't' WHERE *", '"*" is only allowed as a SELECT item', 25],
    ["SELECT * FROM 't' WHERE (a = 1", 'expected ")" but found the end of the statement', 31],
    ["SELECT * FROM 't' WHERE", 'expected a value but found the end of the statement', 24],
    ["SELECT upper(a) FROM 't'", 'function upper() is not supported by the local rules engine', 8],
    ["SELECT topic(0) AS t FROM 'x'", 'topic(n) needs a positive whole number n', 8],
    ["SELECT topic('2') AS t FROM 'x'", 'topic(n) needs a positive whole number n', 8],
    ["SELECT timestamp(1) AS t FROM 'x'", 'timestamp() takes 0 argument(s), not 1', 8],
    ["SELECT 1 FROM 'x'", 'give this SELECT expression a name with AS', 8],
    ["SELECT a, b.a FROM 'x'", 'the output name a is used twice', 11],
    ["SELECT *, * FROM 'x'", '"*" is selected twice', 11],
    ["SELECT a AS FROM 'x'", 'expected a name after AS but found "FROM"', 13],
    ["SELECT a[x] FROM 'x'", 'expected an array index but found "x"', 10],
    ["SELECT a.(b) FROM 'x'", 'expected a field name after "." but found "("', 10],
    ["SELECT * FROM 't' WHERE a * 2 > 1", 'arithmetic (*) is not supported', 27],
    ["SELECT 12abc AS n FROM 'x'", 'malformed number "12a"', 8],
    ["SELECT a FROM 'x' WHERE a = #", 'unexpected character "#"', 29],
  ])('refuses %j: %s (column %i)', (sql, reason, column) => {
    const error = sqlError(sql);
    expect(error.message).toContain(reason);
    expect(error.column).toBe(column);
    expect(error.message).toContain(`at column ${column} of: ${sql}`);
  });

  it('throws only TopicRuleSqlError, whatever the input', () => {
    const pieces = fc.constantFrom(
      'SELECT',
      'FROM',
      'WHERE',
      'AND',
      'OR',
      'NOT',
      'AS',
      '*',
      ',',
      '(',
      ')',
      '=',
      '<>',
      '<',
      '>=',
      "'t/+'",
      "'a'",
      'a',
      'b.c',
      '1',
      '-2',
      'topic(1)',
      'topic()',
      'x[0]',
      'true',
      'null',
      ' ',
      '!',
      '+',
      '#',
      '"',
      '.',
      '[',
      ']',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 14 }).map((parts) => parts.join(' ')),
        ),
        (sql) => {
          try {
            parseTopicRuleSql(sql);
          } catch (error) {
            expect(error).toBeInstanceOf(TopicRuleSqlError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('evaluateTopicRule', () => {
  it('runs the brief rule: the payload plus topic(2) when the temperature is above 50', () => {
    const payload = { temperature: 51, humidity: 40 };
    // topic(n) counts levels from 1, so topic(2) of stratus/devices/d-7/telemetry is "devices";
    // the device id is topic(3).
    expect(run(EXAMPLE, payload, 'stratus/devices/d-7/telemetry')).toEqual({
      temperature: 51,
      humidity: 40,
      deviceId: 'devices',
    });
    expect(run(EXAMPLE.replace('topic(2)', 'topic(3)'), payload, 'stratus/devices/d-7/telemetry')).toEqual({
      temperature: 51,
      humidity: 40,
      deviceId: 'd-7',
    });
    expect(run(EXAMPLE, { temperature: 50 }, 'stratus/devices/d-7/telemetry')).toBeUndefined();
    expect(run(EXAMPLE, { humidity: 99 }, 'stratus/devices/d-7/telemetry')).toBeUndefined();
    expect(run(EXAMPLE, payload, 'stratus/devices/d-7/status')).toBeUndefined();
    expect(run(EXAMPLE, payload, 'stratus/devices/d-7/telemetry/extra')).toBeUndefined();
  });

  it('selects nested fields, array items and functions; Undefined values are left out', () => {
    const sql =
      "SELECT state.reported.color AS color, readings[1] AS second, readings[9] AS none, missing.deep, topic() AS t, topic(3) AS third, timestamp() AS at, clientid() AS client FROM 'dev/+'";
    const payload = { state: { reported: { color: 'red' } }, readings: [1, 2] };
    expect(run(sql, payload, 'dev/x', { clientId: 'sensor-1', timestamp: 1767225600000 })).toEqual({
      color: 'red',
      second: 2,
      t: 'dev/x',
      at: 1767225600000,
      client: 'sensor-1',
    });
  });

  it('compares strings, booleans, null and whole objects with = and <>', () => {
    expect(fires("status = 'ALARM'", { status: 'ALARM' })).toBe(true);
    expect(fires("status = 'alarm'", { status: 'ALARM' })).toBe(false);
    expect(fires("status <> 'OK'", { status: 'ALARM' })).toBe(true);
    expect(fires('online = true', { online: true })).toBe(true);
    expect(fires('value = null', { value: null })).toBe(true);
    expect(fires('value = null', {})).toBe(false);
    expect(fires('value <> null', {})).toBe(false);
    expect(fires('a = b', { a: { x: [1, { y: 2 }] }, b: { x: [1, { y: 2 }] } })).toBe(true);
    expect(fires('a = b', { a: { x: 1 }, b: { x: 1, y: 2 } })).toBe(false);
    expect(fires("count = '5'", { count: 5 })).toBe(false);
    expect(fires('count = 5.0', { count: 5 })).toBe(true);
  });

  it('orders numbers and numeric strings, and gives Undefined for anything else', () => {
    expect(fires('temperature > 50', { temperature: '60' })).toBe(true);
    expect(fires("temperature > '50.5'", { temperature: 51 })).toBe(true);
    expect(fires('temperature > 50', { temperature: 'hot' })).toBe(false);
    expect(fires('NOT temperature > 50', { temperature: 'hot' })).toBe(false);
    expect(fires('flag >= 1', { flag: true })).toBe(false);
    expect(fires('temperature > -10', { temperature: -5 })).toBe(true);
    expect(fires('temperature <= -10', { temperature: -10 })).toBe(true);
    expect(fires('temperature < 1e2', { temperature: 99.9 })).toBe(true);
  });

  it('applies AND, OR and NOT to booleans and "true"/"false" strings only', () => {
    expect(fires('a AND b', { a: true, b: 'TRUE' })).toBe(true);
    expect(fires('a OR b', { a: false, b: 'true' })).toBe(true);
    expect(fires('NOT a', { a: 'False' })).toBe(true);
    expect(fires('a AND b', { a: true, b: 1 })).toBe(false);
    expect(fires('NOT (a AND b)', { a: true, b: 1 })).toBe(false);
    // Undefined on either side makes AND/OR Undefined, as the AWS operator tables say.
    expect(fires('a > 1 OR b > 1', { a: 5 })).toBe(false);
    expect(fires('a > 1 OR b > 1', { a: 5, b: 0 })).toBe(true);
    expect(fires("'yes'", {})).toBe(false);
  });

  it('respects precedence and parentheses', () => {
    const payload = { a: 1, b: 0, c: 0 };
    expect(fires('a = 1 OR b = 1 AND c = 1', payload)).toBe(true);
    expect(fires('(a = 1 OR b = 1) AND c = 1', payload)).toBe(false);
    expect(fires('NOT a = 2 AND b = 0', payload)).toBe(true);
    expect(fires('NOT (a = 1 AND b = 0)', payload)).toBe(false);
  });

  it('passes a non-object payload through SELECT *, and selects only named items otherwise', () => {
    expect(run("SELECT * FROM 't'", 'not json')).toBe('not json');
    expect(run("SELECT * FROM 't'", [1, 2])).toEqual([1, 2]);
    expect(run("SELECT *, topic() AS t FROM 't'", 'not json')).toEqual({ t: 't' });
    expect(run("SELECT * FROM 't'", Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    const bytes = new Uint8Array(Buffer.from('xx{"b":2}')).subarray(2);
    expect(
      evaluateTopicRule(parseTopicRuleSql("SELECT * FROM 't'"), { topic: 't', payload: bytes })?.output,
    ).toEqual({ b: 2 });
  });

  it('lets SELECT items override payload fields of the same name', () => {
    expect(run("SELECT *, topic(1) AS a FROM 't'", { a: 1, b: 2 })).toEqual({ a: 't', b: 2 });
  });

  it('keeps any string literal intact through escaping', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const literal = `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
        expect(run(`SELECT ${literal} AS s FROM 't'`, {})).toEqual({ s: text });
      }),
    );
  });

  it('orders any two finite numbers exactly like JavaScript', () => {
    const operators = {
      '<': (a: number, b: number) => a < b,
      '<=': (a: number, b: number) => a <= b,
      '>': (a: number, b: number) => a > b,
      '>=': (a: number, b: number) => a >= b,
      '=': (a: number, b: number) => a === b,
      '<>': (a: number, b: number) => a !== b,
    };
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        finite,
        finite,
        fc.constantFrom(...(Object.keys(operators) as (keyof typeof operators)[])),
        (x, literal, operator) => {
          expect(fires(`x ${operator} ${String(literal)}`, { x })).toBe(
            operators[operator](x, Number(String(literal))),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('evaluates random boolean formulas like a reference evaluator (precedence and parentheses included)', () => {
    type Formula =
      | { kind: 'atom'; field: string; value: number }
      | { kind: 'not'; operand: Formula }
      | { kind: 'and' | 'or'; left: Formula; right: Formula };
    const fields = ['a', 'b', 'c', 'd'];
    const { formula } = fc.letrec<{ formula: Formula }>((tie) => ({
      formula: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({
          kind: fc.constant('atom' as const),
          field: fc.constantFrom(...fields),
          value: fc.integer({ min: 0, max: 2 }),
        }),
        fc.record({ kind: fc.constant('not' as const), operand: tie('formula') }),
        fc.record({
          kind: fc.constantFrom('and' as const, 'or' as const),
          left: tie('formula'),
          right: tie('formula'),
        }),
      ),
    }));
    const reference = (f: Formula, values: Record<string, number>): boolean => {
      switch (f.kind) {
        case 'atom':
          return values[f.field] === f.value;
        case 'not':
          return !reference(f.operand, values);
        case 'and':
          return reference(f.left, values) && reference(f.right, values);
        case 'or':
          return reference(f.left, values) || reference(f.right, values);
      }
    };
    // Prints with the fewest parentheses the precedence NOT > AND > OR allows.
    const strength = { or: 1, and: 2, not: 3, atom: 4 };
    const print = (f: Formula): string => {
      const wrap = (child: Formula, minimum: number) =>
        strength[child.kind] < minimum ? `(${print(child)})` : print(child);
      switch (f.kind) {
        case 'atom':
          return `${f.field} = ${f.value}`;
        case 'not':
          return `NOT ${wrap(f.operand, 3)}`;
        case 'and':
          return `${wrap(f.left, 2)} AND ${wrap(f.right, 3)}`;
        case 'or':
          return `${wrap(f.left, 1)} OR ${wrap(f.right, 2)}`;
      }
    };
    const values = fc.record({
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 0, max: 2 }),
      c: fc.integer({ min: 0, max: 2 }),
      d: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(formula, values, (f, payload) => {
        expect(fires(print(f), payload)).toBe(reference(f, payload));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('topicMatches', () => {
  it('follows MQTT wildcard rules', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
    expect(topicMatches('a/+', 'a/')).toBe(true);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('#', 'a/b')).toBe(true);
    expect(topicMatches('#', '$aws/things/x/shadow/update')).toBe(false);
    expect(topicMatches('+/things/#', '$aws/things/x')).toBe(false);
    expect(topicMatches('$aws/things/+/shadow/#', '$aws/things/x/shadow/update')).toBe(true);
    expect(topicMatches('a/b', 'a/b/')).toBe(false);
  });

  it('matches a topic against every filter made from it by wildcards, and not after a literal level changes', () => {
    const level = fc.stringMatching(/^[a-z0-9-]{1,5}$/);
    fc.assert(
      fc.property(
        fc.array(level, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        (levels, plus, cut, useHash) => {
          const topic = levels.join('/');
          const filterLevels = levels.map((value, index) => (plus[index] ? '+' : value));
          const keep = (cut % levels.length) + 1;
          const filter = useHash
            ? [...filterLevels.slice(0, keep - 1), '#'].join('/')
            : filterLevels.join('/');
          expect(topicMatches(filter, topic)).toBe(true);
          const literalIndex = filterLevels.findIndex(
            (value, index) => value !== '+' && (!useHash || index < keep - 1),
          );
          if (literalIndex !== -1) {
            const changed = [...levels];
            changed[literalIndex] = `${levels[literalIndex]}x`;
            expect(topicMatches(filter, changed.join('/'))).toBe(false);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
