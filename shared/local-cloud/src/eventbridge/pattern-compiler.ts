import { ipLiteralTest, parseCidr } from './ip-address';
import type { JsonNumberLiteral } from './json-text';
import {
  isJsonNumber,
  isPlainObject,
  numberText,
  numberValue,
  parseJsonPreservingNumbers,
} from './json-text';
import { matchesWildcard, parseWildcard } from './wildcard';

/** A leaf value of an event as the matcher sees it. */
export type LeafValue = string | number | JsonNumberLiteral | boolean | null;
export type LeafTest = (value: LeafValue) => boolean;

/** The match list of one field (`"state": ["running", {"prefix": "stop"}]`): any entry may match. */
export interface LeafCondition {
  readonly matchesPresent: boolean; // { "exists": true }
  readonly matchesAbsent: boolean; // { "exists": false }
  readonly tests: readonly LeafTest[];
}

export type CompiledField =
  | { readonly key: string; readonly leaf: LeafCondition }
  | { readonly key: string; readonly object: CompiledObject };

export interface CompiledObject {
  readonly fields: readonly CompiledField[];
  /** Branches of a `$or` in this object: at least one must match the same event object. */
  readonly anyOf?: readonly CompiledObject[];
}

export interface CompiledPattern {
  readonly root: CompiledObject;
}

const OR_KEYWORD = '$or';
const RESERVED_INSIDE_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
]);

/** Thrown for a malformed pattern; the message reads like the service's InvalidEventPatternException. */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  constructor(
    readonly reason: string,
    readonly path: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason}${path ? ` (field: ${path})` : ''}`);
  }
}

class Compiler {
  private path: string[] = [];

  fail(reason: string): never {
    throw new InvalidEventPatternError(reason, this.path.join('.'));
  }

  compileRoot(pattern: unknown): CompiledObject {
    if (!isPlainObject(pattern)) this.fail('Filter is not an object');
    return this.compileObject(pattern, false);
  }

  private compileObject(pattern: Record<string, unknown>, insideOr: boolean): CompiledObject {
    const entries = Object.entries(pattern);
    if (entries.length === 0) this.fail('Empty objects are not allowed');
    const fields: CompiledField[] = [];
    let anyOf: CompiledObject[] | undefined;
    for (const [key, value] of entries) {
      if (key === OR_KEYWORD) {
        anyOf = this.compileOr(value);
        continue;
      }
      this.path.push(key);
      if (insideOr && RESERVED_INSIDE_OR.has(key)) {
        this.fail(`"${key}" is a reserved keyword and cannot be used as a field name inside ${OR_KEYWORD}`);
      }
      if (Array.isArray(value)) fields.push({ key, leaf: this.compileLeafList(value) });
      else if (isPlainObject(value)) fields.push({ key, object: this.compileObject(value, insideOr) });
      else this.fail(`"${key}" must be an object or an array`);
      this.path.pop();
    }
    return anyOf ? { fields, anyOf } : { fields };
  }

  private compileOr(value: unknown): CompiledObject[] {
    this.path.push(OR_KEYWORD);
    if (!Array.isArray(value)) this.fail(`It must be an Array followed with ${OR_KEYWORD}.`);
    const branches = value.map((branch, index) => {
      this.path.push(String(index));
      if (!isPlainObject(branch))
        this.fail(`Only JSON object is allowed in array of ${OR_KEYWORD} relationship.`);
      const compiled = this.compileObject(branch, true);
      this.path.pop();
      return compiled;
    });
    if (branches.length < 2) this.fail(`There must have at least 2 Objects in ${OR_KEYWORD} relationship.`);
    this.path.pop();
    return branches;
  }

  private compileLeafList(values: unknown[]): LeafCondition {
    if (values.length === 0) this.fail('Empty arrays are not allowed');
    let matchesPresent = false;
    let matchesAbsent = false;
    const tests: LeafTest[] = [];
    for (const value of values) {
      if (isPlainObject(value)) {
        const expression = this.compileMatchExpression(value);
        if (expression === 'present') matchesPresent = true;
        else if (expression === 'absent') matchesAbsent = true;
        else tests.push(expression);
      } else if (typeof value === 'string') {
        tests.push(exactString(value));
      } else if (isJsonNumber(value)) {
        tests.push(exactNumber(numberText(value)));
      } else if (typeof value === 'boolean' || value === null) {
        tests.push((candidate) => candidate === value);
      } else {
        this.fail('Match value must be String, number, true, false, or null');
      }
    }
    return { matchesPresent, matchesAbsent, tests };
  }

  private compileMatchExpression(expression: Record<string, unknown>): LeafTest | 'present' | 'absent' {
    const entries = Object.entries(expression);
    const [entry] = entries;
    if (!entry) this.fail('Match expression name not found');
    if (entries.length > 1) this.fail('Only one key allowed in match expression');
    const [operator, operand] = entry;
    switch (operator) {
      case 'prefix':
        return this.compileAffix('prefix', operand);
      case 'suffix':
        return this.compileAffix('suffix', operand);
      case 'equals-ignore-case':
        return equalsIgnoreCase(
          this.requireString(operand, 'equals-ignore-case match pattern must be a string'),
        );
      case 'wildcard':
        return this.compileWildcard(this.requireString(operand, 'wildcard match pattern must be a string'));
      case 'anything-but':
        return this.compileAnythingBut(operand);
      case 'numeric':
        return this.compileNumeric(operand);
      case 'exists':
        if (typeof operand !== 'boolean') this.fail('exists match pattern must be either true or false.');
        return operand ? 'present' : 'absent';
      case 'cidr':
        return this.compileCidr(operand);
      default:
        return this.fail(`Unrecognized match type ${operator}`);
    }
  }

  private requireString(value: unknown, reason: string): string {
    if (typeof value !== 'string') this.fail(reason);
    return value;
  }

  private compileAffix(kind: 'prefix' | 'suffix', operand: unknown): LeafTest {
    if (isPlainObject(operand)) {
      const entries = Object.entries(operand);
      const [entry] = entries;
      if (!entry) this.fail(`${capitalize(kind)} expression name not found`);
      if (entries.length > 1) this.fail('Only one key allowed in match expression');
      const [name, value] = entry;
      if (name !== 'equals-ignore-case') this.fail(`Unsupported ${kind} pattern: ${name}`);
      const text = this.requireString(value, 'equals-ignore-case match pattern must be a string');
      return kind === 'prefix' ? prefixIgnoreCase(text) : suffixIgnoreCase(text);
    }
    const text = this.requireString(operand, `${kind} match pattern must be a string`);
    return kind === 'prefix' ? prefix(text) : suffix(text);
  }

  private compileWildcard(text: string): LeafTest {
    try {
      const tokens = parseWildcard(text);
      return (value) => typeof value === 'string' && matchesWildcard(tokens, value);
    } catch (error) {
      return this.fail((error as Error).message);
    }
  }

  private compileCidr(operand: unknown): LeafTest {
    const text = this.requireString(operand, 'cidr match pattern must be a string');
    try {
      const inRange = parseCidr(text);
      return (value) => typeof value === 'string' && inRange(value);
    } catch (error) {
      return this.fail((error as Error).message);
    }
  }

  private compileAnythingBut(operand: unknown): LeafTest {
    if (isPlainObject(operand)) return this.compileAnythingButObject(operand);
    if (typeof operand === 'string') return anythingButStrings([operand]);
    if (isJsonNumber(operand)) return anythingButNumbers([numberValue(operand)]);
    if (!Array.isArray(operand)) {
      this.fail('Value of anything-but must be an array or single string/number value.');
    }
    if (operand.length === 0) this.fail('Empty arrays are not allowed');
    if (operand.every((item) => typeof item === 'string')) return anythingButStrings(operand as string[]);
    if (operand.every(isJsonNumber)) return anythingButNumbers(operand.map(numberValue));
    if (operand.some((item) => typeof item !== 'string' && !isJsonNumber(item))) {
      this.fail('Inside anything but list, start|null|boolean is not supported.');
    }
    return this.fail(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }

  private compileAnythingButObject(operand: Record<string, unknown>): LeafTest {
    const entries = Object.entries(operand);
    const [entry] = entries;
    if (!entry) this.fail('Anything-But expression name not found');
    if (entries.length > 1) this.fail('Only one key allowed in match expression');
    const [name, value] = entry;
    if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(name)) {
      this.fail(`Unsupported anything-but pattern: ${name}`);
    }
    const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (!texts) this.fail(`Value of anything-but must be an array or single string/number value.`);
    if (texts.length === 0) this.fail('Empty arrays are not allowed');
    const excluded = texts.map((text): LeafTest => {
      if (typeof text !== 'string') {
        if (name === 'wildcard') this.fail('wildcard match pattern must be a string');
        if (name === 'equals-ignore-case') {
          this.fail(
            'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
          );
        }
        this.fail('prefix/suffix match pattern must be a string');
      }
      switch (name) {
        case 'prefix':
          if (text === '') this.fail('Null prefix/suffix not allowed');
          return prefix(text);
        case 'suffix':
          if (text === '') this.fail('Null prefix/suffix not allowed');
          return suffix(text);
        case 'equals-ignore-case':
          return equalsIgnoreCase(text);
        default:
          return this.compileWildcard(text);
      }
    });
    // The excluded forms only describe strings, so any other value is "anything but" them.
    return (value) => typeof value !== 'string' || !excluded.some((test) => test(value));
  }

  private compileNumeric(operand: unknown): LeafTest {
    if (!Array.isArray(operand)) this.fail('Value of numeric must be an array.');
    const [first, firstValue, second, secondValue, ...rest] = operand;
    if (typeof first !== 'string') this.fail(`Invalid member in numeric match: ${JSON.stringify(first)}`);
    if (!['=', '<', '<=', '>', '>='].includes(first))
      this.fail(`Unrecognized numeric range operator: ${first}`);
    const low = this.numericOperand(first, firstValue);
    if (first === '=') {
      if (operand.length > 2) this.fail('Too many elements in numeric expression');
      return numericRange({ value: low, inclusive: true }, { value: low, inclusive: true });
    }
    if (first === '<' || first === '<=') {
      if (operand.length > 2) this.fail('Too many elements in numeric expression');
      return numericRange(undefined, { value: low, inclusive: first === '<=' });
    }
    const bottom = { value: low, inclusive: first === '>=' };
    if (operand.length === 2) return numericRange(bottom, undefined);
    if (typeof second !== 'string') this.fail(`Bad value in numeric range: ${JSON.stringify(second)}`);
    if (second !== '<' && second !== '<=') this.fail(`Bad numeric range operator: ${second}`);
    const high = this.numericOperand(second, secondValue);
    if (rest.length > 0) this.fail('Too many terms in numeric range expression');
    if (!(low < high)) this.fail('Bottom must be less than top');
    return numericRange(bottom, { value: high, inclusive: second === '<=' });
  }

  private numericOperand(operator: string, value: unknown): number {
    const label = operator === '=' ? 'equals' : operator;
    if (!isJsonNumber(value)) this.fail(`Value of ${label} must be numeric`);
    const number = numberValue(value);
    if (!Number.isFinite(number)) this.fail(`Value of ${label} must be numeric`);
    return number;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function exactString(expected: string): LeafTest {
  const sameAddress = ipLiteralTest(expected);
  if (sameAddress) return (value) => value === expected || (typeof value === 'string' && sameAddress(value));
  return (value) => value === expected;
}

/** "For numbers, EventBridge uses string representation": 300, 300.0 and 3.0e2 differ. */
function exactNumber(expectedText: string): LeafTest {
  return (value) => isJsonNumber(value) && numberText(value) === expectedText;
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

function equalsIgnoreCase(expected: string): LeafTest {
  const folded = foldCase(expected);
  return (value) => typeof value === 'string' && foldCase(value) === folded;
}

function prefix(expected: string): LeafTest {
  return (value) => typeof value === 'string' && value.startsWith(expected);
}

function suffix(expected: string): LeafTest {
  return (value) => typeof value === 'string' && value.endsWith(expected);
}

function prefixIgnoreCase(expected: string): LeafTest {
  const folded = foldCase(expected);
  return (value) => typeof value === 'string' && foldCase(value).startsWith(folded);
}

function suffixIgnoreCase(expected: string): LeafTest {
  const folded = foldCase(expected);
  return (value) => typeof value === 'string' && foldCase(value).endsWith(folded);
}

function anythingButStrings(excluded: readonly string[]): LeafTest {
  const set = new Set(excluded);
  return (value) => typeof value !== 'string' || !set.has(value);
}

/** Numbers are compared by value here, as the rule engine does for anything-but lists. */
function anythingButNumbers(excluded: readonly number[]): LeafTest {
  return (value) => !isJsonNumber(value) || !excluded.includes(numberValue(value));
}

interface Bound {
  value: number;
  inclusive: boolean;
}

function numericRange(bottom: Bound | undefined, top: Bound | undefined): LeafTest {
  return (value) => {
    if (!isJsonNumber(value)) return false;
    const n = numberValue(value);
    if (bottom && (bottom.inclusive ? n < bottom.value : n <= bottom.value)) return false;
    if (top && (top.inclusive ? n > top.value : n >= top.value)) return false;
    return true;
  };
}

/**
 * Validates and compiles an event pattern (an object, or its JSON text). Throws
 * {@link InvalidEventPatternError} with the reason and the path of the offending field.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  let source = pattern;
  if (typeof pattern === 'string') {
    try {
      source = parseJsonPreservingNumbers(pattern);
    } catch (error) {
      throw new InvalidEventPatternError((error as Error).message, '');
    }
  }
  return { root: new Compiler().compileRoot(source) };
}
