import type { core } from 'zod';
import type { FieldError } from './http-error';

/** `['items', 0, 'sku']` under `body` -> `body.items[0].sku`. */
export const formatPath = (location: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = String(segment);
    return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${text}.${key}` : `${text}[${JSON.stringify(key)}]`;
  }, location);

/**
 * Turns zod issues into the public `fields` list. An unknown key (strict object schemas) becomes
 * one entry per key, so the client is told which field to remove rather than that "the object"
 * is wrong.
 */
export const toFieldErrors = (location: string, issues: readonly core.$ZodIssue[]): FieldError[] =>
  issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath(location, [...issue.path, key]),
          message: 'Unknown field',
        }))
      : [{ path: formatPath(location, issue.path), message: issue.message }],
  );

/** Says "Required" for a missing value instead of zod's "expected string, received undefined". */
export const requiredMessages: core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined;
