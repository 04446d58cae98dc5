import { matchesPattern, validatePattern } from '../../src/eventbridge';

const event = (detail: unknown) => ({ source: 'stratus.orders', 'detail-type': 'OrderPlaced', detail });

describe('matchesPattern', () => {
  it('keeps the text of numbers when event and pattern are given as JSON text', () => {
    expect(matchesPattern('{"detail":{"n":[300]}}', '{"detail":{"n":3.0e2}}')).toBe(false);
    expect(matchesPattern('{"detail":{"n":[3.0e2]}}', '{"detail":{"n":3.0e2}}')).toBe(true);
    expect(matchesPattern('{"detail":{"n":[{"numeric":["=",300]}]}}', '{"detail":{"n":3.0e2}}')).toBe(true);
  });

  it('compares JavaScript numbers by their canonical text when given objects', () => {
    expect(matchesPattern({ detail: { n: [300] } }, event({ n: 300.0 }))).toBe(true);
  });

  it('never matches an event that is not a JSON object', () => {
    expect(matchesPattern({ source: ['a'] }, '[1,2]')).toBe(false);
    expect(matchesPattern({ source: ['a'] }, 'null')).toBe(false);
  });

  it('ignores inherited properties of event objects', () => {
    expect(matchesPattern({ toString: [{ exists: true }] }, {})).toBe(false);
    expect(matchesPattern({ toString: [{ exists: false }] }, {})).toBe(true);
  });

  it('treats an array without objects under a pattern object as an absent object', () => {
    expect(matchesPattern({ detail: { a: [{ exists: false }] } }, event([1, 2]))).toBe(true);
    expect(matchesPattern({ detail: { a: [1] } }, event([1, 2]))).toBe(false);
  });

  it('matches an exact IP literal in any spelling of that address', () => {
    const pattern = { detail: { ip: ['2001:db8::ff00:42:8329'] } };
    expect(matchesPattern(pattern, event({ ip: '2001:0db8:0:0:0:ff00:0042:8329' }))).toBe(true);
    expect(matchesPattern(pattern, event({ ip: '2001:0db8:0:0:0:ff00:0042:832a' }))).toBe(false);
  });

  it('uses numeric equality for anything-but numbers', () => {
    expect(matchesPattern('{"detail":{"n":[{"anything-but":300}]}}', '{"detail":{"n":3.0e2}}')).toBe(false);
    expect(matchesPattern({ detail: { n: [{ 'anything-but': 300 }] } }, event({ n: 'three hundred' }))).toBe(
      true,
    );
  });

  it('lets anything-but on strings pass values of other types', () => {
    expect(
      matchesPattern({ detail: { s: [{ 'anything-but': { prefix: 'init' } }] } }, event({ s: 42 })),
    ).toBe(true);
    expect(matchesPattern({ detail: { s: [{ 'anything-but': 'x' }] } }, event({ s: null }))).toBe(true);
  });

  it('answers wildcards that make regular expressions backtrack exponentially', () => {
    // Finishes well within Jest's timeout because matching is O(n*m), not exponential.
    const pattern = { detail: { v: [{ wildcard: '*a*a*a*a*a*a*a*a*b' }] } };
    expect(matchesPattern(pattern, event({ v: 'a'.repeat(2000) }))).toBe(false);
    expect(matchesPattern(pattern, event({ v: `${'a'.repeat(2000)}b` }))).toBe(true);
  });

  it('folds case for non-ASCII letters in equals-ignore-case', () => {
    expect(
      matchesPattern({ detail: { city: [{ 'equals-ignore-case': 'ZÜRICH' }] } }, event({ city: 'zürich' })),
    ).toBe(true);
  });

  it('throws InvalidEventPatternError for a malformed pattern', () => {
    expect(() => matchesPattern({ source: 'aws.ec2' }, event({}))).toThrow(
      'Event pattern is not valid. Reason: "source" must be an object or an array (field: source)',
    );
  });
});

describe('validatePattern', () => {
  it.each([
    [{ source: ['a'], detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }],
    ['{"source":["a"]}'],
    [{ $or: [{ a: [1] }, { b: { $or: [{ c: [1] }, { d: [2] }] } }] }],
    [{ a: [{ 'anything-but': { 'equals-ignore-case': ['x', ''] } }] }],
    [{ a: [{ 'anything-but': { wildcard: '' } }] }],
    [{ a: [{ wildcard: 'a\\**' }] }],
    [{ a: [{ cidr: '2001:db8::/127' }] }],
    [{ a: [{ numeric: ['=', 1e-320] }] }],
    [{ a: [null, true, false, 1, 'x', { exists: true }] }],
  ])('accepts %j', (pattern) => {
    expect(validatePattern(pattern)).toEqual({ valid: true });
  });

  it.each([
    ['not JSON', '{"source": [', /Reason: /],
    ['a top level that is not an object', [1, 2], /Reason: Filter is not an object$/],
    ['an empty pattern', {}, /Reason: Empty objects are not allowed$/],
    ['an empty nested object', { detail: {} }, /Reason: Empty objects are not allowed \(field: detail\)$/],
    [
      'a leaf value that is not an array',
      { source: 'aws.ec2' },
      /"source" must be an object or an array \(field: source\)/,
    ],
    [
      'a number as field value',
      { detail: { n: 5 } },
      /"n" must be an object or an array \(field: detail\.n\)/,
    ],
    ['an empty match list', { source: [] }, /Empty arrays are not allowed/],
    [
      'a nested array in a match list',
      { source: [['a']] },
      /Match value must be String, number, true, false, or null/,
    ],
    ['an unknown operator', { a: [{ contains: 'x' }] }, /Unrecognized match type contains/],
    ['an empty match expression', { a: [{}] }, /Match expression name not found/],
    [
      'two operators in one expression',
      { a: [{ prefix: 'a', suffix: 'b' }] },
      /Only one key allowed in match expression/,
    ],
    ['a numeric prefix', { a: [{ prefix: 3 }] }, /prefix match pattern must be a string/],
    [
      'an unsupported prefix option',
      { a: [{ prefix: { 'invalid-expression': 'x' } }] },
      /Unsupported prefix pattern/,
    ],
    [
      'prefix ignore-case with a list',
      { a: [{ prefix: { 'equals-ignore-case': ['x'] } }] },
      /equals-ignore-case match pattern must be a string/,
    ],
    ['a numeric suffix', { a: [{ suffix: 3 }] }, /suffix match pattern must be a string/],
    [
      'equals-ignore-case with a list',
      { a: [{ 'equals-ignore-case': ['abc'] }] },
      /equals-ignore-case match pattern must be a string/,
    ],
    [
      'a wildcard with consecutive stars',
      { a: [{ wildcard: 'a**b' }] },
      /Consecutive wildcard characters at pos 2/,
    ],
    ['a wildcard escaping a letter', { a: [{ wildcard: 'a\\bc' }] }, /Invalid escape character at pos 1/],
    ['a wildcard ending with a backslash', { a: [{ wildcard: 'foo*bar\\' }] }, /Invalid escape character/],
    ['a wildcard that is not a string', { a: [{ wildcard: 5 }] }, /wildcard match pattern must be a string/],
    ['exists with a string', { a: [{ exists: 'yes' }] }, /exists match pattern must be either true or false/],
    ['numeric that is not an array', { a: [{ numeric: 5 }] }, /Value of numeric must be an array/],
    [
      'an unknown numeric operator',
      { a: [{ numeric: ['<>', 1] }] },
      /Unrecognized numeric range operator: <>/,
    ],
    [
      'a numeric value given as a string',
      { a: [{ numeric: ['=', '5'] }] },
      /Value of equals must be numeric/,
    ],
    ['a numeric operator without value', { a: [{ numeric: ['<'] }] }, /Value of < must be numeric/],
    [
      'an upper bound before the lower bound',
      { a: [{ numeric: ['<', 1, '>', 0] }] },
      /Too many elements in numeric expression/,
    ],
    ['an empty numeric range', { a: [{ numeric: ['>', 1, '<', 1] }] }, /Bottom must be less than top/],
    ['an inverted numeric range', { a: [{ numeric: ['>', 30, '<', 1] }] }, /Bottom must be less than top/],
    ['a second lower bound', { a: [{ numeric: ['>', 0, '>=', 5] }] }, /Bad numeric range operator: >=/],
    [
      'a fifth numeric term',
      { a: [{ numeric: ['>', 1, '<', 30, false] }] },
      /Too many terms in numeric range expression/,
    ],
    [
      '"=" combined with a range',
      { a: [{ numeric: ['=', 1, '<', 5] }] },
      /Too many elements in numeric expression/,
    ],
    ['a cidr without mask', { a: [{ cidr: '10.0.0.1' }] }, /Malformed CIDR, one '\/' required/],
    ['a cidr with a bad mask', { a: [{ cidr: '192.168.0.1/33' }] }, /IPv4 mask bits must be < 32/],
    ['a cidr with a non-numeric mask', { a: [{ cidr: '192.168.0.1/foo' }] }, /mask bits must be an integer/],
    ['a cidr with a bad address', { a: [{ cidr: '10.10.10.10.10/3' }] }, /not an IPv4 or IPv6 address/],
    [
      'an IPv6 cidr with a bad mask',
      { a: [{ cidr: '2400:6500:FF00::36FB:1F80/222' }] },
      /IPv6 mask bits must be < 128/,
    ],
    [
      'anything-but with a mixed list',
      { a: [{ 'anything-but': ['a', 1] }] },
      /either all values are number or string/,
    ],
    [
      'anything-but with null',
      { a: [{ 'anything-but': null }] },
      /must be an array or single string\/number value/,
    ],
    [
      'anything-but with booleans in a list',
      { a: [{ 'anything-but': [true] }] },
      /start\|null\|boolean is not supported/,
    ],
    ['anything-but with an empty list', { a: [{ 'anything-but': [] }] }, /Empty arrays are not allowed/],
    [
      'anything-but with an unknown option',
      { a: [{ 'anything-but': { foo: 3 } }] },
      /Unsupported anything-but pattern: foo/,
    ],
    [
      'anything-but prefix that is empty',
      { a: [{ 'anything-but': { prefix: '' } }] },
      /Null prefix\/suffix not allowed/,
    ],
    [
      'anything-but suffix list with an empty string',
      { a: [{ 'anything-but': { suffix: ['1', ''] } }] },
      /Null prefix\/suffix not allowed/,
    ],
    [
      'anything-but prefix with numbers',
      { a: [{ 'anything-but': { prefix: [1, 2] } }] },
      /prefix\/suffix match pattern must be a string/,
    ],
    [
      'anything-but ignore-case with numbers',
      { a: [{ 'anything-but': { 'equals-ignore-case': [1] } }] },
      /number\|start\|null\|boolean is not supported/,
    ],
    [
      'anything-but wildcard with consecutive stars',
      { a: [{ 'anything-but': { wildcard: ['1', 'foo**bar'] } }] },
      /Consecutive wildcard characters/,
    ],
    [
      'anything-but with two options',
      { a: [{ 'anything-but': { prefix: 'foo', a: 1 } }] },
      /Only one key allowed/,
    ],
    ['$or that is not an array', { $or: { a: [1] } }, /It must be an Array followed with \$or/],
    ['$or with one branch', { $or: [{ a: [1] }] }, /There must have at least 2 Objects in \$or relationship/],
    [
      '$or with a non-object branch',
      { $or: [{ a: [1] }, ['b']] },
      /Only JSON object is allowed in array of \$or relationship/,
    ],
    [
      '$or with an empty branch',
      { $or: [{ a: [1] }, {}] },
      /Empty objects are not allowed \(field: \$or\.1\)/,
    ],
    [
      'an operator name used as a field inside $or',
      { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
      /"numeric" is a reserved keyword/,
    ],
  ])('refuses %s', (_description, pattern, message) => {
    const result = validatePattern(pattern);
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(result.message).toMatch(/^Event pattern is not valid\. Reason: /);
      expect(result.message).toMatch(message);
    }
  });

  it('names the path of the offending field', () => {
    const result = validatePattern({ detail: { order: { total: [{ numeric: ['>', 'x'] }] } } });
    expect(result).toMatchObject({
      valid: false,
      path: 'detail.order.total',
      reason: 'Value of > must be numeric',
    });
  });
});
