import { isPlainObject } from './json-text';

/**
 * The JSONPath subset EventBridge evaluates in InputPath and InputPathsMap: `$`, dot notation
 * (names with letters, digits, dashes, underscores, slashes), `['name']`, array indices and
 * `*` wildcards. Anything else is refused when the target is registered, as the service does.
 */
export type JsonPathSegment =
  { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export class JsonPathSyntaxError extends Error {}

const DOT_NAME = /^[A-Za-z0-9_\-/:@$]+/;

export function parseJsonPath(path: string): JsonPathSegment[] {
  if (!path.startsWith('$')) throw new JsonPathSyntaxError(`JSON path ${path} must start with $`);
  const segments: JsonPathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith('.*')) {
      segments.push({ kind: 'wildcard' });
      rest = rest.slice(2);
    } else if (rest.startsWith('.')) {
      const name = DOT_NAME.exec(rest.slice(1))?.[0];
      if (!name)
        throw new JsonPathSyntaxError(`JSON path ${path} has an empty or unsupported name after '.'`);
      segments.push({ kind: 'key', name });
      rest = rest.slice(1 + name.length);
    } else if (rest.startsWith('[*]')) {
      segments.push({ kind: 'wildcard' });
      rest = rest.slice(3);
    } else if (/^\[\d+\]/.test(rest)) {
      const digits = /^\[(\d+)\]/.exec(rest)?.[1] ?? '0';
      segments.push({ kind: 'index', index: Number(digits) });
      rest = rest.slice(digits.length + 2);
    } else if (/^\['[^']*'\]/.test(rest)) {
      const name = /^\['([^']*)'\]/.exec(rest)?.[1] ?? '';
      segments.push({ kind: 'key', name });
      rest = rest.slice(name.length + 4);
    } else {
      throw new JsonPathSyntaxError(`JSON path ${path} is not supported by EventBridge near '${rest}'`);
    }
  }
  return segments;
}

/** Result of evaluating a path: `found: false` when the path names nothing in the value. */
export type JsonPathResult = { found: true; value: unknown } | { found: false };

export function evaluateJsonPath(segments: readonly JsonPathSegment[], root: unknown): JsonPathResult {
  let current: unknown[] = [root];
  let multiple = false;
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'key') {
        if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, segment.name)) {
          next.push(value[segment.name]);
        }
      } else if (segment.kind === 'index') {
        if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]);
      } else if (Array.isArray(value)) {
        next.push(...value);
      } else if (isPlainObject(value)) {
        next.push(...Object.values(value));
      }
    }
    if (segment.kind === 'wildcard') multiple = true;
    current = next;
  }
  if (multiple) return current.length > 0 ? { found: true, value: current } : { found: false };
  return current.length > 0 ? { found: true, value: current[0] } : { found: false };
}
