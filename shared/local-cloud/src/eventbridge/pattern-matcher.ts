import {
  type CompiledObject,
  type CompiledPattern,
  type LeafCondition,
  type LeafValue,
  InvalidEventPatternError,
  compilePattern,
} from './pattern-compiler';
import { JsonNumberLiteral, isPlainObject, parseJsonPreservingNumbers } from './json-text';

/*
 * Matching follows the EventBridge documentation on event patterns:
 * - a pattern names fields with the event's nesting; every named field must match (AND), and
 *   a field matches when any entry of its list matches (OR); `$or` lists alternative objects;
 * - an array in the event matches when any of its elements matches ("the intersection is
 *   non-empty"); the fields of one pattern object are matched inside one array element
 *   (array-consistent matching, as the rule engine behind EventBridge does);
 * - comparison operators only see leaf values (strings, numbers, booleans, null); `exists`
 *   asks whether the field has a leaf value, so an object under the name counts as absent.
 */

function collectLeaves(value: unknown, into: LeafValue[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, into);
  } else if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null ||
    value instanceof JsonNumberLiteral
  ) {
    into.push(value);
  }
}

function collectObjects(value: unknown, into: Record<string, unknown>[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, into);
  } else if (isPlainObject(value)) {
    into.push(value);
  }
}

function matchesLeafCondition(condition: LeafCondition, value: unknown): boolean {
  const leaves: LeafValue[] = [];
  if (value !== undefined) collectLeaves(value, leaves);
  if (leaves.length > 0 ? condition.matchesPresent : condition.matchesAbsent) return true;
  for (const test of condition.tests) {
    for (const leaf of leaves) if (test(leaf)) return true;
  }
  return false;
}

function ownField(object: Record<string, unknown> | undefined, key: string): unknown {
  return object !== undefined && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function matchesNested(pattern: CompiledObject, value: unknown): boolean {
  if (isPlainObject(value)) return matchesObject(pattern, value);
  if (Array.isArray(value)) {
    const elements: Record<string, unknown>[] = [];
    collectObjects(value, elements);
    if (elements.length > 0) return elements.some((element) => matchesObject(pattern, element));
  }
  // Missing, a leaf, or an array without objects: only absence conditions can hold.
  return matchesObject(pattern, undefined);
}

function matchesObject(pattern: CompiledObject, object: Record<string, unknown> | undefined): boolean {
  for (const field of pattern.fields) {
    const value = ownField(object, field.key);
    const matched =
      'leaf' in field ? matchesLeafCondition(field.leaf, value) : matchesNested(field.object, value);
    if (!matched) return false;
  }
  return pattern.anyOf === undefined || pattern.anyOf.some((branch) => matchesObject(branch, object));
}

/** An event ready for matching: parsed once, numbers keep their source text. */
export type PreparedEvent = { readonly root: Record<string, unknown> | undefined };

/** Parses (if given as JSON text) an event once so many compiled patterns can test it. */
export function prepareEvent(event: unknown): PreparedEvent {
  const parsed = typeof event === 'string' ? parseJsonPreservingNumbers(event) : event;
  return { root: isPlainObject(parsed) ? parsed : undefined };
}

export function matchesCompiledPattern(pattern: CompiledPattern, event: PreparedEvent): boolean {
  if (event.root === undefined) return false;
  return matchesObject(pattern.root, event.root);
}

/**
 * Does `event` match the EventBridge event `pattern`? Both may be given as objects or as JSON
 * text; give text to keep the EventBridge distinction between `300` and `300.0`. Throws
 * {@link InvalidEventPatternError} for a malformed pattern.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return matchesCompiledPattern(compilePattern(pattern), prepareEvent(event));
}

export type PatternValidation =
  { valid: true } | { valid: false; message: string; reason: string; path: string };

/**
 * Checks a pattern the way PutRule does, without throwing: `message` reads like the service's
 * InvalidEventPatternException ("Event pattern is not valid. Reason: ...").
 */
export function validatePattern(pattern: unknown): PatternValidation {
  try {
    compilePattern(pattern);
    return { valid: true };
  } catch (error) {
    if (error instanceof InvalidEventPatternError) {
      return { valid: false, message: error.message, reason: error.reason, path: error.path };
    }
    throw error;
  }
}

export { compilePattern, InvalidEventPatternError };
export type { CompiledPattern };
